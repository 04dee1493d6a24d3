/** The stock of one product at a moment: what WatchStock streams. */
export interface StockLevel {
  readonly productId: string;
  readonly stock: number;
  readonly updateTime: Date;
}
