// bourse.d.ts — the shape of `ctx`, for contract authors' editors (docs/contracts.md).
// A contract is plain JavaScript; this file is never loaded by the node. Put
//   // @ts-check
//   /// <reference path="bourse.d.ts" />
// at the top of a contract to get completion and type checks in an editor that reads TypeScript.
//
// Amounts and prices are decimal strings with at most 8 decimals ("12.5"); never JS numbers,
// which would round. Times are milliseconds since the epoch (the block's time, in UTC).

/** A decimal amount or price as text: "1", "0.0001", "1234.5678". */
type Decimal = string;
/** A contract's or account's address: "bx" and 48 hex digits. */
type Address = string;
/** A market: "BASE-QUOTE", each side a token address or "coin", e.g. "bx…-coin". */
type MarketName = string;

interface Lot {
  amount: Decimal;
  /** When these shares were acquired (hold times count from here). */
  acquiredAt: number;
}

interface Holding {
  /** The token: another contract's shares (its address) or an option token. */
  token: Address;
  amount: Decimal;
  /** Part of amount tied up by this contract's open sell orders. */
  reserved: Decimal;
  lots: Lot[];
}

interface OpenOrder {
  id: string;
  market: MarketName;
  side: "buy" | "sell";
  price: Decimal;
  remaining: Decimal;
}

type Status = "active" | "restricted" | "closing" | "closed";

interface Self {
  address: Address;
  status: Status;
  shares: Decimal;
  /** Its own shares it still holds (direct sales come from here). */
  treasury: Decimal;
  /** Its direct-sale price per share. */
  price: Decimal;
  /** The whole Coin balance. */
  coin: Decimal;
  /** Coin tied up by its open buy orders. */
  coinReserved: Decimal;
  holdings: Holding[];
  openOrders: OpenOrder[];
}

interface ListedContract {
  address: Address;
  status: Status;
  shares: Decimal;
  price: Decimal;
  mark: Decimal;
  /** Top of its book against Coin; null when there is none. */
  bid: Decimal | null;
  ask: Decimal | null;
  last: Decimal | null;
  lastTradeHeight: number;
}

/**
 * The block's market: every listed contract, served by look-ups. A call pays (in statements of
 * its budget) for what it reads: look up what you need rather than reading the whole list on a
 * market of thousands of contracts. Every object answered is frozen.
 */
interface Market {
  /** How many contracts are listed. */
  readonly count: number;
  /** One listed contract, or null when nothing is listed at that address. */
  get(address: Address): ListedContract | null;
  /**
   * A page of listed contracts (ties always by address):
   *   "address"         by address (the default);
   *   "recent"          the last trade's height, newest first;
   *   "capitalization"  shares × mark, largest first.
   * offset defaults to 0, limit to 64 (at most 256); past the end the page is short or empty.
   */
  list(options?: { sort?: "address" | "recent" | "capitalization"; offset?: number; limit?: number }): ListedContract[];
  /** The whole list, by address: costs as much as the market is large. */
  readonly contracts: ListedContract[];
}

interface Storage {
  /** The value, or undefined. Writes of this call are seen at once. */
  get(key: string): string | undefined;
  /** Keys up to 256 bytes, values up to 16 KiB; a contract keeps at most 1,024 keys and 64 KiB. */
  set(key: string, value: string): void;
  delete(key: string): void;
}

interface PlaceOrder {
  market: MarketName;
  side: "buy" | "sell";
  type: "limit" | "market" | "immediate-or-cancel" | "fill-or-kill";
  price: Decimal | bigint;
  quantity: Decimal | bigint;
  /** Limit orders: the last height the order may rest (0: until filled or cancelled). */
  goodTillHeight?: number;
}

interface Ctx {
  block: { height: number; timestamp: number; hash: string };
  contract: Self;
  market: Market;
  params: {
    minimumHoldMillis: number;
    maximumHoldMillis: number;
    minimumInvestedRatio: Decimal;
    minimumSharePrice: Decimal;
    exchangeFee: Decimal;
    statementBudget: number;
  };
  storage: Storage;
  placeOrder(order: PlaceOrder): void;
  cancelOrder(order: { id: string }): void;
  buyFromContract(purchase: { contract: Address; quantity: Decimal | bigint; maxPrice: Decimal | bigint }): void;
  writeOption(option: { underlying: Address; type: "call" | "put"; strike: Decimal | bigint; expiryHeight: number;
                        size: Decimal | bigint }): void;
  exerciseOption(exercise: { series: string; size: Decimal | bigint }): void;
}

/** Required: the New Block Action, called after every final block while the contract is Active. */
declare function onNewBlock(ctx: Ctx): void;
/** Optional: called instead of onNewBlock until a first execution has applied (may run more than once). */
declare function onCreate(ctx: Ctx): void;
/** Optional: called instead of onNewBlock while the contract is Closing (sell orders for Coin and cancels only). */
declare function onClosing(ctx: Ctx): void;
