CREATE SEQUENCE "public"."order_change_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE SEQUENCE "public"."order_code_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "order_feed_meta" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"feed_id" uuid DEFAULT gen_random_uuid() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "order_lines" (
	"order_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"sku" text NOT NULL,
	"name" text NOT NULL,
	"quantity" integer NOT NULL,
	"unit_price" bigint NOT NULL,
	CONSTRAINT "order_lines_order_id_position_pk" PRIMARY KEY("order_id","position")
);
--> statement-breakpoint
CREATE TABLE "orders" (
	"id" uuid PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"status" text NOT NULL,
	"customer_name" text NOT NULL,
	"customer_email" text NOT NULL,
	"customer_phone" text,
	"ship_full_name" text NOT NULL,
	"ship_line1" text NOT NULL,
	"ship_line2" text,
	"ship_city" text NOT NULL,
	"ship_postal_code" text NOT NULL,
	"ship_country_code" text NOT NULL,
	"currency" text NOT NULL,
	"shipping_cost" bigint NOT NULL,
	"subtotal" bigint NOT NULL,
	"total" bigint NOT NULL,
	"note" text,
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL,
	"version" integer NOT NULL,
	"deleted" boolean DEFAULT false NOT NULL,
	"create_hash" text,
	"change_txid" bigint NOT NULL,
	"change_seq" bigint NOT NULL,
	CONSTRAINT "orders_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "admin_sessions" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"username" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "admin_users" (
	"username" text PRIMARY KEY NOT NULL,
	"password_hash" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sync_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp (3) with time zone NOT NULL,
	"direction" text NOT NULL,
	"order_id" uuid NOT NULL,
	"message_state" smallint,
	"version" integer,
	"base" integer,
	"state_before" smallint,
	"state_after" smallint,
	"outcome" text NOT NULL,
	"detail" text
);
--> statement-breakpoint
CREATE TABLE "sync_outbox" (
	"order_id" uuid PRIMARY KEY NOT NULL,
	"seq" bigint NOT NULL,
	"enqueued_at" timestamp (3) with time zone NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp (3) with time zone NOT NULL,
	"leased_until" timestamp (3) with time zone,
	"last_error" text,
	"dead" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sync_pull_state" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"remote_url" text NOT NULL,
	"feed_id" text,
	"cursor" text NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sync_records" (
	"order_id" uuid PRIMARY KEY NOT NULL,
	"state" smallint NOT NULL,
	"base" integer DEFAULT 0 NOT NULL,
	"resolution" boolean DEFAULT false NOT NULL,
	"theirs" jsonb,
	"theirs_version" integer,
	"reason" text,
	"updated_at" timestamp (3) with time zone NOT NULL,
	"synced_at" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE TABLE "sync_settings" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"remote_url" text,
	"remote_token" text,
	"paused" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "order_lines" ADD CONSTRAINT "order_lines_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "admin_sessions" ADD CONSTRAINT "admin_sessions_username_admin_users_username_fk" FOREIGN KEY ("username") REFERENCES "public"."admin_users"("username") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "orders_change_idx" ON "orders" USING btree ("change_txid","change_seq");--> statement-breakpoint
CREATE INDEX "orders_created_idx" ON "orders" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "orders_updated_idx" ON "orders" USING btree ("updated_at");--> statement-breakpoint
CREATE INDEX "orders_status_idx" ON "orders" USING btree ("status");--> statement-breakpoint
CREATE INDEX "admin_sessions_expires_idx" ON "admin_sessions" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "sync_log_order_idx" ON "sync_log" USING btree ("order_id","id");--> statement-breakpoint
CREATE INDEX "sync_log_at_idx" ON "sync_log" USING btree ("at");--> statement-breakpoint
CREATE INDEX "sync_outbox_due_idx" ON "sync_outbox" USING btree ("dead","next_attempt_at");--> statement-breakpoint
CREATE INDEX "sync_records_state_idx" ON "sync_records" USING btree ("state");