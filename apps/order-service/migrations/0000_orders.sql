CREATE TABLE "orders" (
	"id" uuid PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"status" text NOT NULL,
	"items" jsonb NOT NULL,
	"total_cents" bigint DEFAULT 0 NOT NULL,
	"currency" text DEFAULT '' NOT NULL,
	"idempotency_key" text,
	"request_hash" text NOT NULL,
	"release_pending" boolean DEFAULT false NOT NULL,
	"failure" jsonb,
	"create_time" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"update_time" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "orders_status_check" CHECK ("orders"."status" in ('PENDING', 'CONFIRMED', 'CANCELLED', 'FAILED')),
	CONSTRAINT "orders_total_cents_check" CHECK ("orders"."total_cents" >= 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX "orders_idempotency_key_live_uq" ON "orders" USING btree ("user_id","idempotency_key") WHERE "orders"."idempotency_key" is not null and "orders"."status" <> 'FAILED';--> statement-breakpoint
CREATE INDEX "orders_idempotency_key_idx" ON "orders" USING btree ("user_id","idempotency_key","create_time" DESC NULLS LAST) WHERE "orders"."idempotency_key" is not null;--> statement-breakpoint
CREATE INDEX "orders_user_listing_idx" ON "orders" USING btree ("user_id","create_time" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "orders_unresolved_idx" ON "orders" USING btree ("update_time") WHERE "orders"."status" = 'PENDING' or "orders"."release_pending";