ALTER TABLE "sync_records" ADD COLUMN "base_content" jsonb;--> statement-breakpoint
ALTER TABLE "sync_records" ADD COLUMN "own_versions" jsonb;--> statement-breakpoint
ALTER TABLE "sync_records" ADD COLUMN "merge" jsonb;--> statement-breakpoint
-- Orders agreed at their current version already have their merge ancestor: their content.
UPDATE "sync_records" r SET "base_content" = jsonb_build_object(
  'status', o."status",
  'customer', jsonb_build_object('name', o."customer_name", 'email', o."customer_email", 'phone', o."customer_phone"),
  'shippingAddress', jsonb_build_object('fullName', o."ship_full_name", 'line1', o."ship_line1", 'line2', o."ship_line2", 'city', o."ship_city", 'postalCode', o."ship_postal_code", 'countryCode', o."ship_country_code"),
  'currency', o."currency",
  'lines', coalesce((SELECT jsonb_agg(jsonb_build_object('sku', l."sku", 'name', l."name", 'quantity', l."quantity", 'unitPrice', l."unit_price") ORDER BY l."position") FROM "order_lines" l WHERE l."order_id" = o."id"), '[]'::jsonb),
  'shippingCost', o."shipping_cost",
  'note', o."note",
  'deleted', o."deleted"
)
FROM "orders" o
WHERE o."id" = r."order_id" AND r."state" IN (3, 5) AND r."base" = o."version";
