-- Altered rather than rebuilt (what drizzle-kit generated): only the storage options change.
ALTER INDEX "orders_code_trgm_idx" SET (fastupdate=true,gin_pending_list_limit=1024);--> statement-breakpoint
ALTER INDEX "orders_customer_name_trgm_idx" SET (fastupdate=true,gin_pending_list_limit=1024);--> statement-breakpoint
ALTER INDEX "orders_customer_email_trgm_idx" SET (fastupdate=true,gin_pending_list_limit=1024);
