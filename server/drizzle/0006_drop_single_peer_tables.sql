DROP TABLE "sync_pull_state" CASCADE;--> statement-breakpoint
DROP TABLE "sync_settings" CASCADE;