import { type Observable } from 'rxjs';
import { type StockLevel } from './stock-level.entity';

/** Every committed stock change of every product, as a hot stream (port). */
export abstract class StockChanges {
  /** Changes committed from now on; errors when the service stops. */
  abstract changes(): Observable<StockLevel>;
}
