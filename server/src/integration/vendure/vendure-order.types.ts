/** A Vendure order as the sync reads it (the fields of `orderFields()` in vendure-operations.ts). */
export interface VendureOrder {
  id: string;
  code: string;
  state: string;
  active: boolean;
  type: string;
  orderPlacedAt: string | null;
  createdAt: string;
  updatedAt: string;
  currencyCode: string;
  customer: {
    id: string;
    firstName: string;
    lastName: string;
    emailAddress: string;
    phoneNumber: string | null;
  } | null;
  shippingAddress: VendureAddress | null;
  lines: VendureOrderLine[];
  shippingLines: { shippingMethod: { id: string; code: string; name: string }; priceWithTax: number }[];
  shipping: number;
  shippingWithTax: number;
  subTotal: number;
  subTotalWithTax: number;
  total: number;
  totalWithTax: number;
  taxSummary: { description: string; taxRate: number; taxBase: number; taxTotal: number }[];
  payments: VendurePayment[] | null;
  fulfillments: VendureFulfillment[] | null;
  customFields: { externalId: string | null; syncNote: string | null };
}

export interface VendureAddress {
  fullName: string | null;
  streetLine1: string | null;
  streetLine2: string | null;
  city: string | null;
  postalCode: string | null;
  countryCode: string | null;
  phoneNumber: string | null;
}

export interface VendureOrderLine {
  id: string;
  quantity: number;
  orderPlacedQuantity: number;
  unitPrice: number;
  unitPriceWithTax: number;
  linePriceWithTax: number;
  taxRate: number;
  productVariant: { id: string; sku: string; name: string };
  customFields?: { unitPriceOverride: number | null };
}

export interface VendurePayment {
  id: string;
  state: string;
  method: string;
  amount: number;
  transactionId: string | null;
  refunds: { id: string; state: string; total: number }[];
}

export interface VendureFulfillment {
  id: string;
  state: string;
  method: string;
  lines: { orderLineId: string; quantity: number }[];
}
