ALTER TABLE "sync_settings" ADD COLUMN "remote_token_url" text;--> statement-breakpoint
-- A token stored before this column existed was given for the URL stored beside it; where none was
-- stored (null), for the environment's PEER_URL, which is what a null here keeps meaning.
UPDATE "sync_settings" SET "remote_token_url" = "remote_url" WHERE "remote_token" IS NOT NULL;
