/** The users the order service may take orders for (the user service). */
export abstract class UserDirectory {
  /** False when no user has this id; rejects with the user service's error for anything else. */
  abstract exists(userId: string): Promise<boolean>;
}
