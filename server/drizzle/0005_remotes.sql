CREATE TABLE "sync_cursors" (
	"remote_id" integer PRIMARY KEY NOT NULL,
	"feed_id" text,
	"cursor" text NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sync_remotes" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"url" text,
	"label" text,
	"credentials" jsonb,
	"settings" jsonb,
	"paused" boolean DEFAULT false NOT NULL,
	"source" text NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "sync_remotes_name_unique" UNIQUE("name")
);
--> statement-breakpoint
-- The one peer of earlier versions becomes remote 1, named "peer" (PEER_URL... keep configuring it).
-- Settings stored through GraphQL came from an admin: they stay, marked as such.
INSERT INTO "sync_remotes" ("id", "name", "kind", "url", "credentials", "paused", "source", "created_at", "updated_at")
SELECT 1, 'peer', 'peer', s."remote_url",
	CASE WHEN s."remote_token" IS NOT NULL AND s."remote_token" <> '' THEN jsonb_build_object('token', s."remote_token") END,
	coalesce(s."paused", false),
	CASE WHEN s."remote_url" IS NOT NULL THEN 'api' ELSE 'env' END,
	now(), now()
FROM (SELECT 1) AS one LEFT JOIN "sync_settings" s ON s."id" = 1
WHERE s."id" IS NOT NULL OR EXISTS (SELECT 1 FROM "sync_records") OR EXISTS (SELECT 1 FROM "sync_outbox");
--> statement-breakpoint
SELECT setval(pg_get_serial_sequence('sync_remotes', 'id'), greatest(1, (SELECT coalesce(max("id"), 0) FROM "sync_remotes")), (SELECT count(*) > 0 FROM "sync_remotes"));
--> statement-breakpoint
INSERT INTO "sync_cursors" ("remote_id", "feed_id", "cursor", "updated_at")
SELECT 1, p."feed_id", p."cursor", p."updated_at" FROM "sync_pull_state" p
WHERE p."id" = 1 AND EXISTS (SELECT 1 FROM "sync_remotes" r WHERE r."id" = 1);
--> statement-breakpoint
ALTER TABLE "sync_log" ADD COLUMN "remote_id" integer;--> statement-breakpoint
UPDATE "sync_log" SET "remote_id" = 1 WHERE "direction" <> 'local' AND EXISTS (SELECT 1 FROM "sync_remotes" r WHERE r."id" = 1);--> statement-breakpoint
ALTER TABLE "sync_outbox" ADD COLUMN "remote_id" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "sync_records" ADD COLUMN "remote_id" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "sync_records" ADD COLUMN "remote_key" text;--> statement-breakpoint
ALTER TABLE "sync_outbox" DROP CONSTRAINT "sync_outbox_pkey";--> statement-breakpoint
ALTER TABLE "sync_records" DROP CONSTRAINT "sync_records_pkey";--> statement-breakpoint
ALTER TABLE "sync_outbox" ADD CONSTRAINT "sync_outbox_remote_id_order_id_pk" PRIMARY KEY("remote_id","order_id");--> statement-breakpoint
ALTER TABLE "sync_records" ADD CONSTRAINT "sync_records_remote_id_order_id_pk" PRIMARY KEY("remote_id","order_id");--> statement-breakpoint
DROP INDEX "sync_outbox_due_idx";--> statement-breakpoint
CREATE INDEX "sync_records_order_idx" ON "sync_records" USING btree ("order_id");--> statement-breakpoint
CREATE UNIQUE INDEX "sync_records_remote_key_idx" ON "sync_records" USING btree ("remote_id","remote_key") WHERE remote_key is not null;--> statement-breakpoint
CREATE INDEX "sync_outbox_due_idx" ON "sync_outbox" USING btree ("remote_id","dead","next_attempt_at");
