/** What a caller supplies to create a product (validated by validateProductDraft). */
export interface ProductDraft {
  readonly sku: string;
  readonly name: string;
  readonly description: string;
  /** Integer minor units of `currency`. */
  readonly priceCents: number;
  /** ISO 4217 code, upper case. */
  readonly currency: string;
  readonly stock: number;
}

/** A stored product. */
export interface Product extends ProductDraft {
  readonly id: string;
  readonly createTime: Date;
  readonly updateTime: Date;
}

/** Position after which the next page of products starts (keyset, by creation). */
export interface ProductCursor {
  readonly createTime: Date;
  readonly id: string;
}
