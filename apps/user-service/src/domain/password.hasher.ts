/** Port to the password KDF; the hash string carries its own parameters and salt. */
export abstract class PasswordHasher {
  abstract hash(plain: string): Promise<string>;

  /** True when `plain` matches `hash`; false for a wrong password or an unreadable hash. */
  abstract verify(plain: string, hash: string): Promise<boolean>;
}
