CREATE TABLE "released_orders" (
	"order_id" text PRIMARY KEY NOT NULL,
	"release_time" timestamp (3) with time zone DEFAULT now() NOT NULL
);
