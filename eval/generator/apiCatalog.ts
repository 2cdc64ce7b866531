/**
 * The simulated APIM instance: six APIs and their operations, with the parameters, status mixes,
 * sizes and latencies that the traffic sources draw from. Medians are for the success status;
 * `statusShape` derives the other statuses from them.
 */

export type ValueKind =
  | "int"
  | "decimal"
  | "uuid"
  | "productId"
  | "trackingId"
  | "invoiceId"
  | "isoDate"
  | "isoDateTime"
  | "enum"
  | "searchText"
  | "searchPrefix"
  | "boolean"
  | "page"
  | "pageSize"
  | "voucher"
  | "handle"
  | "version"
  | "note";

export interface ParameterSpec {
  name: string;
  kind: ValueKind;
  /** Share of calls carrying this query parameter or body field; 1 when absent. */
  presence?: number;
  values?: readonly string[];
  /** Bounds for int and decimal; for dates, day offsets from the request day. */
  min?: number;
  max?: number;
  /** Distinct values one interactive client uses (its own account, its own orders). */
  perClient?: number;
}

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface Audience {
  browser: number;
  mobile: number;
  partner: number;
}

export interface OperationSpec {
  apiId: string;
  operationId: string;
  /** `apiId;operationId`, the endpoint key the detectors group by. */
  endpoint: string;
  method: HttpMethod;
  /** Path with `{name}` placeholders filled from `pathParams`. */
  path: string;
  pathParams: readonly ParameterSpec[];
  query: readonly ParameterSpec[];
  /** Top-level JSON fields of the request body; writes only. */
  body: readonly ParameterSpec[];
  /** Relative weights of each status code. */
  statuses: Readonly<Record<number, number>>;
  responseBytesMedian: number;
  latencyMsMedian: number;
  /** How often each kind of client calls the operation, relative to other operations. */
  audience: Audience;
}

export interface ApiSpec {
  apiId: string;
  basePath: string;
}

export const CATEGORIES = [
  "electronics",
  "home",
  "garden",
  "toys",
  "books",
  "fashion",
  "sports",
  "beauty",
  "grocery",
  "automotive",
  "office",
  "pets",
] as const;
export const BRANDS = ["northwind", "fabrikam", "tailspin", "adatum", "litware", "proseware"];
export const LOCALES = ["en-GB", "de-DE", "fr-FR", "nl-NL", "en-US", "es-ES", "it-IT", "pl-PL"];
export const CURRENCIES = ["EUR", "GBP", "USD", "SEK", "PLN"];
const ORDER_STATES = ["pending", "paid", "shipped", "delivered", "cancelled", "returned"];
const PLATFORMS = ["web", "ios", "android"];

export const APIS: readonly ApiSpec[] = [
  { apiId: "orders-api", basePath: "/orders/v1" },
  { apiId: "catalog-api", basePath: "/catalog/v2" },
  { apiId: "accounts-api", basePath: "/accounts/v1" },
  { apiId: "search-api", basePath: "/search/v1" },
  { apiId: "payments-api", basePath: "/payments/v1" },
  { apiId: "content-api", basePath: "/content/v1" },
];

const page: ParameterSpec = { name: "page", kind: "page", presence: 0.55 };
const pageSize: ParameterSpec = { name: "pageSize", kind: "pageSize", presence: 0.45 };
const orderId: ParameterSpec = {
  name: "orderId",
  kind: "int",
  min: 1_000_000,
  max: 9_999_999,
  perClient: 12,
};
const productId: ParameterSpec = { name: "productId", kind: "productId" };
const accountId: ParameterSpec = { name: "accountId", kind: "uuid", perClient: 1 };
const paymentId: ParameterSpec = { name: "paymentId", kind: "uuid", perClient: 8 };
const locale: ParameterSpec = { name: "locale", kind: "enum", values: LOCALES, presence: 0.4 };
const platform: ParameterSpec = { name: "platform", kind: "enum", values: PLATFORMS };

/** A status mix: `success` takes whatever weight the listed other statuses leave. */
function mix(success: number, others: Readonly<Record<number, number>>): Record<number, number> {
  const background = { 401: 0.006, 429: 0.002, 500: 0.0015, 503: 0.0008 };
  const merged: Record<number, number> = { ...background, ...others };
  const used = Object.values(merged).reduce((sum, weight) => sum + weight, 0);
  return { [success]: 1 - used, ...merged };
}

type OperationInput = Omit<OperationSpec, "endpoint" | "pathParams" | "query" | "body"> &
  Partial<Pick<OperationSpec, "pathParams" | "query" | "body">>;

function operation(input: OperationInput): OperationSpec {
  return {
    ...input,
    endpoint: `${input.apiId};${input.operationId}`,
    pathParams: input.pathParams ?? [],
    query: input.query ?? [],
    body: input.body ?? [],
  };
}

const ORDERS: OperationSpec[] = [
  operation({
    apiId: "orders-api",
    operationId: "list-orders",
    method: "GET",
    path: "/orders/v1/orders",
    query: [
      { name: "status", kind: "enum", values: ORDER_STATES, presence: 0.45 },
      { name: "customerId", kind: "int", min: 10_000, max: 99_999, presence: 0.2, perClient: 1 },
      { name: "from", kind: "isoDate", min: -60, max: -2, presence: 0.3 },
      { name: "to", kind: "isoDate", min: -1, max: 0, presence: 0.3 },
      page,
      pageSize,
    ],
    statuses: mix(200, { 400: 0.008, 403: 0.004 }),
    responseBytesMedian: 6_400,
    latencyMsMedian: 95,
    audience: { browser: 3, mobile: 4, partner: 8 },
  }),
  operation({
    apiId: "orders-api",
    operationId: "get-order",
    method: "GET",
    path: "/orders/v1/orders/{orderId}",
    pathParams: [orderId],
    query: [
      { name: "expand", kind: "enum", values: ["items", "payments", "shipment"], presence: 0.2 },
    ],
    statuses: mix(200, { 304: 0.015, 403: 0.008, 404: 0.03 }),
    responseBytesMedian: 1_900,
    latencyMsMedian: 38,
    audience: { browser: 3, mobile: 4, partner: 10 },
  }),
  operation({
    apiId: "orders-api",
    operationId: "create-order",
    method: "POST",
    path: "/orders/v1/orders",
    body: [
      { name: "customerId", kind: "int", min: 10_000, max: 99_999, perClient: 1 },
      { name: "sku", kind: "productId" },
      { name: "quantity", kind: "int", min: 1, max: 6 },
      { name: "currency", kind: "enum", values: CURRENCIES },
      { name: "shippingMethod", kind: "enum", values: ["standard", "express", "pickup"] },
      { name: "couponCode", kind: "voucher", presence: 0.15 },
      { name: "note", kind: "note", presence: 0.1 },
    ],
    statuses: mix(201, { 400: 0.035, 409: 0.012 }),
    responseBytesMedian: 950,
    latencyMsMedian: 160,
    audience: { browser: 0.8, mobile: 0.9, partner: 5 },
  }),
  operation({
    apiId: "orders-api",
    operationId: "update-order",
    method: "PATCH",
    path: "/orders/v1/orders/{orderId}",
    pathParams: [orderId],
    body: [
      { name: "status", kind: "enum", values: ORDER_STATES },
      { name: "shippingMethod", kind: "enum", values: ["standard", "express"], presence: 0.3 },
      { name: "note", kind: "note", presence: 0.25 },
    ],
    statuses: mix(200, { 400: 0.02, 404: 0.02, 409: 0.05 }),
    responseBytesMedian: 1_100,
    latencyMsMedian: 120,
    audience: { browser: 0.2, mobile: 0.2, partner: 3 },
  }),
  operation({
    apiId: "orders-api",
    operationId: "cancel-order",
    method: "DELETE",
    path: "/orders/v1/orders/{orderId}",
    pathParams: [orderId],
    statuses: mix(204, { 403: 0.01, 404: 0.04, 409: 0.07 }),
    responseBytesMedian: 210,
    latencyMsMedian: 110,
    audience: { browser: 0.15, mobile: 0.2, partner: 0.5 },
  }),
  operation({
    apiId: "orders-api",
    operationId: "list-order-items",
    method: "GET",
    path: "/orders/v1/orders/{orderId}/items",
    pathParams: [orderId],
    statuses: mix(200, { 404: 0.025 }),
    responseBytesMedian: 3_300,
    latencyMsMedian: 45,
    audience: { browser: 1, mobile: 1.2, partner: 3 },
  }),
  operation({
    apiId: "orders-api",
    operationId: "get-shipment",
    method: "GET",
    path: "/orders/v1/shipments/{trackingId}",
    pathParams: [{ name: "trackingId", kind: "trackingId", perClient: 6 }],
    query: [{ name: "includeEvents", kind: "boolean", presence: 0.5 }],
    statuses: mix(200, { 404: 0.06 }),
    responseBytesMedian: 2_600,
    latencyMsMedian: 140,
    audience: { browser: 0.8, mobile: 1.5, partner: 3 },
  }),
  operation({
    apiId: "orders-api",
    operationId: "get-cart",
    method: "GET",
    path: "/orders/v1/cart",
    statuses: mix(200, { 304: 0.06, 401: 0.03 }),
    responseBytesMedian: 1_300,
    latencyMsMedian: 25,
    audience: { browser: 2.5, mobile: 2.5, partner: 0 },
  }),
  operation({
    apiId: "orders-api",
    operationId: "list-returns",
    method: "GET",
    path: "/orders/v1/returns",
    query: [page, pageSize],
    statuses: mix(200, { 403: 0.005 }),
    responseBytesMedian: 2_100,
    latencyMsMedian: 60,
    audience: { browser: 0.3, mobile: 0.3, partner: 0.8 },
  }),
];

const CATALOG: OperationSpec[] = [
  operation({
    apiId: "catalog-api",
    operationId: "list-products",
    method: "GET",
    path: "/catalog/v2/products",
    query: [
      { name: "category", kind: "enum", values: CATEGORIES, presence: 0.7 },
      { name: "brand", kind: "enum", values: BRANDS, presence: 0.15 },
      {
        name: "sort",
        kind: "enum",
        values: ["popularity", "price_asc", "price_desc", "newest"],
        presence: 0.4,
      },
      { name: "inStock", kind: "boolean", presence: 0.3 },
      { name: "maxPrice", kind: "decimal", min: 5, max: 500, presence: 0.1 },
      page,
      pageSize,
    ],
    statuses: mix(200, { 304: 0.05, 400: 0.004 }),
    responseBytesMedian: 14_500,
    latencyMsMedian: 70,
    audience: { browser: 14, mobile: 12, partner: 6 },
  }),
  operation({
    apiId: "catalog-api",
    operationId: "get-product",
    method: "GET",
    path: "/catalog/v2/products/{productId}",
    pathParams: [productId],
    query: [locale],
    statuses: mix(200, { 304: 0.06, 404: 0.025 }),
    responseBytesMedian: 5_200,
    latencyMsMedian: 32,
    audience: { browser: 16, mobile: 14, partner: 8 },
  }),
  operation({
    apiId: "catalog-api",
    operationId: "get-product-reviews",
    method: "GET",
    path: "/catalog/v2/products/{productId}/reviews",
    pathParams: [productId],
    query: [page, { name: "rating", kind: "int", min: 1, max: 5, presence: 0.15 }],
    statuses: mix(200, { 404: 0.02 }),
    responseBytesMedian: 7_800,
    latencyMsMedian: 55,
    audience: { browser: 4, mobile: 3, partner: 0.5 },
  }),
  operation({
    apiId: "catalog-api",
    operationId: "list-categories",
    method: "GET",
    path: "/catalog/v2/categories",
    query: [locale],
    statuses: mix(200, { 304: 0.42 }),
    responseBytesMedian: 3_800,
    latencyMsMedian: 18,
    audience: { browser: 2, mobile: 2, partner: 0.5 },
  }),
  operation({
    apiId: "catalog-api",
    operationId: "get-price",
    method: "GET",
    path: "/catalog/v2/prices/{productId}",
    pathParams: [productId],
    query: [
      { name: "currency", kind: "enum", values: CURRENCIES, presence: 0.8 },
      { name: "at", kind: "isoDateTime", min: -3, max: 0, presence: 0.15 },
    ],
    statuses: mix(200, { 404: 0.03 }),
    responseBytesMedian: 420,
    latencyMsMedian: 22,
    audience: { browser: 1, mobile: 1, partner: 7 },
  }),
  operation({
    apiId: "catalog-api",
    operationId: "upsert-product",
    method: "PUT",
    path: "/catalog/v2/products/{productId}",
    pathParams: [productId],
    body: [
      { name: "name", kind: "note" },
      { name: "category", kind: "enum", values: CATEGORIES },
      { name: "price", kind: "decimal", min: 2, max: 900 },
      { name: "currency", kind: "enum", values: CURRENCIES },
      { name: "stock", kind: "int", min: 0, max: 5_000 },
      { name: "active", kind: "boolean" },
    ],
    statuses: mix(200, { 201: 0.08, 400: 0.03, 409: 0.01 }),
    responseBytesMedian: 640,
    latencyMsMedian: 180,
    audience: { browser: 0, mobile: 0, partner: 2 },
  }),
  operation({
    apiId: "catalog-api",
    operationId: "get-availability",
    method: "GET",
    path: "/catalog/v2/products/{productId}/availability",
    pathParams: [productId],
    query: [{ name: "storeId", kind: "int", min: 100, max: 999, presence: 0.6, perClient: 2 }],
    statuses: mix(200, { 404: 0.02 }),
    responseBytesMedian: 880,
    latencyMsMedian: 48,
    audience: { browser: 2, mobile: 2, partner: 4 },
  }),
  operation({
    apiId: "catalog-api",
    operationId: "list-brands",
    method: "GET",
    path: "/catalog/v2/brands",
    statuses: mix(200, { 304: 0.35 }),
    responseBytesMedian: 2_400,
    latencyMsMedian: 16,
    audience: { browser: 0.5, mobile: 0.3, partner: 0.3 },
  }),
];

const ACCOUNTS: OperationSpec[] = [
  operation({
    apiId: "accounts-api",
    operationId: "get-me",
    method: "GET",
    path: "/accounts/v1/me",
    statuses: mix(200, { 304: 0.02, 401: 0.07 }),
    responseBytesMedian: 1_150,
    latencyMsMedian: 20,
    audience: { browser: 3, mobile: 3, partner: 0 },
  }),
  operation({
    apiId: "accounts-api",
    operationId: "get-account",
    method: "GET",
    path: "/accounts/v1/accounts/{accountId}",
    pathParams: [accountId],
    statuses: mix(200, { 403: 0.02, 404: 0.01 }),
    responseBytesMedian: 1_700,
    latencyMsMedian: 30,
    audience: { browser: 1, mobile: 1, partner: 1 },
  }),
  operation({
    apiId: "accounts-api",
    operationId: "update-account",
    method: "PATCH",
    path: "/accounts/v1/accounts/{accountId}",
    pathParams: [accountId],
    body: [
      { name: "displayName", kind: "handle", presence: 0.5 },
      { name: "locale", kind: "enum", values: LOCALES, presence: 0.4 },
      { name: "marketingOptIn", kind: "boolean", presence: 0.5 },
    ],
    statuses: mix(200, { 400: 0.04, 403: 0.01, 409: 0.005 }),
    responseBytesMedian: 1_700,
    latencyMsMedian: 90,
    audience: { browser: 0.15, mobile: 0.15, partner: 0 },
  }),
  operation({
    apiId: "accounts-api",
    operationId: "create-session",
    method: "POST",
    path: "/accounts/v1/sessions",
    body: [
      { name: "username", kind: "handle", perClient: 1 },
      { name: "deviceId", kind: "uuid", perClient: 1 },
      { name: "rememberMe", kind: "boolean" },
    ],
    statuses: mix(201, { 400: 0.02, 401: 0.075, 429: 0.01 }),
    responseBytesMedian: 1_450,
    latencyMsMedian: 210,
    audience: { browser: 0.6, mobile: 0.3, partner: 0 },
  }),
  operation({
    apiId: "accounts-api",
    operationId: "refresh-token",
    method: "POST",
    path: "/accounts/v1/tokens",
    body: [
      { name: "grantType", kind: "enum", values: ["refresh_token"] },
      { name: "clientId", kind: "enum", values: PLATFORMS },
    ],
    statuses: mix(200, { 400: 0.01, 401: 0.04 }),
    responseBytesMedian: 1_250,
    latencyMsMedian: 60,
    audience: { browser: 0.8, mobile: 1.5, partner: 0.4 },
  }),
  operation({
    apiId: "accounts-api",
    operationId: "list-addresses",
    method: "GET",
    path: "/accounts/v1/accounts/{accountId}/addresses",
    pathParams: [accountId],
    statuses: mix(200, { 403: 0.01 }),
    responseBytesMedian: 900,
    latencyMsMedian: 28,
    audience: { browser: 0.8, mobile: 0.6, partner: 0.2 },
  }),
  operation({
    apiId: "accounts-api",
    operationId: "get-preferences",
    method: "GET",
    path: "/accounts/v1/me/preferences",
    statuses: mix(200, { 304: 0.2 }),
    responseBytesMedian: 640,
    latencyMsMedian: 15,
    audience: { browser: 0.6, mobile: 0.8, partner: 0 },
  }),
  operation({
    apiId: "accounts-api",
    operationId: "list-notifications",
    method: "GET",
    path: "/accounts/v1/me/notifications",
    query: [
      { name: "unreadOnly", kind: "boolean", presence: 0.5 },
      { name: "since", kind: "isoDateTime", min: -7, max: 0, presence: 0.35 },
    ],
    statuses: mix(200, { 304: 0.25 }),
    responseBytesMedian: 1_500,
    latencyMsMedian: 26,
    audience: { browser: 1.5, mobile: 3, partner: 0 },
  }),
];

const SEARCH: OperationSpec[] = [
  operation({
    apiId: "search-api",
    operationId: "search",
    method: "GET",
    path: "/search/v1/search",
    query: [
      { name: "q", kind: "searchText" },
      { name: "lang", kind: "enum", values: ["en", "de", "fr", "nl", "es"], presence: 0.4 },
      { name: "category", kind: "enum", values: CATEGORIES, presence: 0.2 },
      { name: "page", kind: "page", presence: 0.3 },
      { name: "pageSize", kind: "pageSize", presence: 0.2 },
    ],
    statuses: mix(200, { 400: 0.006 }),
    responseBytesMedian: 11_000,
    latencyMsMedian: 120,
    audience: { browser: 7, mobile: 6, partner: 3 },
  }),
  operation({
    apiId: "search-api",
    operationId: "suggest",
    method: "GET",
    path: "/search/v1/suggest",
    query: [
      { name: "q", kind: "searchPrefix" },
      { name: "limit", kind: "enum", values: ["5", "10"], presence: 0.5 },
    ],
    statuses: mix(200, {}),
    responseBytesMedian: 700,
    latencyMsMedian: 22,
    audience: { browser: 6, mobile: 4, partner: 1 },
  }),
];

const PAYMENTS: OperationSpec[] = [
  operation({
    apiId: "payments-api",
    operationId: "create-payment",
    method: "POST",
    path: "/payments/v1/payments",
    body: [
      { name: "orderId", kind: "int", min: 1_000_000, max: 9_999_999 },
      { name: "amount", kind: "decimal", min: 3, max: 1_500 },
      { name: "currency", kind: "enum", values: CURRENCIES },
      { name: "method", kind: "enum", values: ["card", "paypal", "sepa", "applepay", "klarna"] },
      { name: "savePaymentMethod", kind: "boolean", presence: 0.3 },
    ],
    statuses: mix(201, { 400: 0.03, 409: 0.01 }),
    responseBytesMedian: 820,
    latencyMsMedian: 420,
    audience: { browser: 0.8, mobile: 0.9, partner: 4 },
  }),
  operation({
    apiId: "payments-api",
    operationId: "get-payment",
    method: "GET",
    path: "/payments/v1/payments/{paymentId}",
    pathParams: [paymentId],
    statuses: mix(200, { 403: 0.01, 404: 0.02 }),
    responseBytesMedian: 1_050,
    latencyMsMedian: 40,
    audience: { browser: 0.5, mobile: 0.5, partner: 4 },
  }),
  operation({
    apiId: "payments-api",
    operationId: "list-transactions",
    method: "GET",
    path: "/payments/v1/transactions",
    query: [
      { name: "accountId", kind: "uuid", presence: 0.7, perClient: 1 },
      { name: "from", kind: "isoDate", min: -90, max: -2, presence: 0.6 },
      { name: "to", kind: "isoDate", min: -1, max: 0, presence: 0.6 },
      { name: "type", kind: "enum", values: ["charge", "refund", "payout"], presence: 0.3 },
      page,
      pageSize,
    ],
    statuses: mix(200, { 400: 0.01, 403: 0.006 }),
    responseBytesMedian: 8_800,
    latencyMsMedian: 160,
    audience: { browser: 0.6, mobile: 0.5, partner: 5 },
  }),
  operation({
    apiId: "payments-api",
    operationId: "create-refund",
    method: "POST",
    path: "/payments/v1/payments/{paymentId}/refunds",
    pathParams: [paymentId],
    body: [
      { name: "amount", kind: "decimal", min: 1, max: 800 },
      { name: "reason", kind: "enum", values: ["damaged", "late", "wrong_item", "other"] },
      { name: "note", kind: "note", presence: 0.2 },
    ],
    statuses: mix(201, { 400: 0.03, 404: 0.01, 409: 0.03 }),
    responseBytesMedian: 760,
    latencyMsMedian: 380,
    audience: { browser: 0.05, mobile: 0.05, partner: 1 },
  }),
  operation({
    apiId: "payments-api",
    operationId: "get-invoice",
    method: "GET",
    path: "/payments/v1/invoices/{invoiceId}",
    pathParams: [{ name: "invoiceId", kind: "invoiceId", perClient: 6 }],
    query: [{ name: "format", kind: "enum", values: ["json", "pdf"], presence: 0.5 }],
    statuses: mix(200, { 404: 0.02 }),
    responseBytesMedian: 4_600,
    latencyMsMedian: 75,
    audience: { browser: 0.5, mobile: 0.3, partner: 3 },
  }),
  operation({
    apiId: "payments-api",
    operationId: "list-payment-methods",
    method: "GET",
    path: "/payments/v1/payment-methods",
    statuses: mix(200, { 304: 0.1 }),
    responseBytesMedian: 980,
    latencyMsMedian: 35,
    audience: { browser: 0.8, mobile: 0.8, partner: 0 },
  }),
  operation({
    apiId: "payments-api",
    operationId: "validate-voucher",
    method: "GET",
    path: "/payments/v1/vouchers/validate",
    query: [{ name: "code", kind: "voucher" }],
    statuses: mix(200, { 404: 0.16 }),
    responseBytesMedian: 360,
    latencyMsMedian: 30,
    audience: { browser: 0.5, mobile: 0.5, partner: 0.5 },
  }),
];

const CONTENT: OperationSpec[] = [
  operation({
    apiId: "content-api",
    operationId: "get-config",
    method: "GET",
    path: "/content/v1/config",
    query: [platform, { name: "appVersion", kind: "version", presence: 0.6 }],
    statuses: mix(200, { 304: 0.3 }),
    responseBytesMedian: 2_900,
    latencyMsMedian: 12,
    audience: { browser: 0.5, mobile: 0.5, partner: 0 },
  }),
  operation({
    apiId: "content-api",
    operationId: "get-feature-flags",
    method: "GET",
    path: "/content/v1/feature-flags",
    query: [platform],
    statuses: mix(200, { 304: 0.35 }),
    responseBytesMedian: 1_600,
    latencyMsMedian: 10,
    audience: { browser: 0.3, mobile: 0.3, partner: 0 },
  }),
  operation({
    apiId: "content-api",
    operationId: "get-translations",
    method: "GET",
    path: "/content/v1/translations/{locale}",
    pathParams: [{ name: "locale", kind: "enum", values: LOCALES, perClient: 1 }],
    statuses: mix(200, { 304: 0.5 }),
    responseBytesMedian: 24_000,
    latencyMsMedian: 14,
    audience: { browser: 0.2, mobile: 0.1, partner: 0 },
  }),
  operation({
    apiId: "content-api",
    operationId: "list-banners",
    method: "GET",
    path: "/content/v1/banners",
    query: [{ name: "placement", kind: "enum", values: ["home", "category", "checkout"] }, locale],
    statuses: mix(200, { 304: 0.3 }),
    responseBytesMedian: 3_100,
    latencyMsMedian: 14,
    audience: { browser: 1.5, mobile: 1, partner: 0 },
  }),
  operation({
    apiId: "content-api",
    operationId: "list-stores",
    method: "GET",
    path: "/content/v1/stores",
    query: [
      { name: "lat", kind: "decimal", min: 36, max: 60 },
      { name: "lon", kind: "decimal", min: -9, max: 24 },
      { name: "radiusKm", kind: "enum", values: ["5", "10", "25", "50"], presence: 0.6 },
    ],
    statuses: mix(200, { 400: 0.01 }),
    responseBytesMedian: 4_200,
    latencyMsMedian: 45,
    audience: { browser: 0.6, mobile: 1.2, partner: 1 },
  }),
  operation({
    apiId: "content-api",
    operationId: "get-store",
    method: "GET",
    path: "/content/v1/stores/{storeId}",
    pathParams: [{ name: "storeId", kind: "int", min: 100, max: 999, perClient: 2 }],
    statuses: mix(200, { 304: 0.1, 404: 0.02 }),
    responseBytesMedian: 1_400,
    latencyMsMedian: 20,
    audience: { browser: 0.5, mobile: 0.8, partner: 1 },
  }),
];

/** Every operation of the simulated instance, in a fixed order. */
export const OPERATIONS: readonly OperationSpec[] = [
  ...ORDERS,
  ...CATALOG,
  ...ACCOUNTS,
  ...SEARCH,
  ...PAYMENTS,
  ...CONTENT,
];

const BY_ENDPOINT = new Map(OPERATIONS.map((spec) => [spec.endpoint, spec]));

/** The operation whose endpoint key is `endpoint`; throws naming the key when there is none. */
export function operationFor(endpoint: string): OperationSpec {
  const spec = BY_ENDPOINT.get(endpoint);
  if (spec === undefined) throw new Error(`unknown endpoint ${JSON.stringify(endpoint)}`);
  return spec;
}

/** The API whose base path starts `path`, or undefined for paths no API claims. */
export function apiForPath(path: string): ApiSpec | undefined {
  return APIS.find((api) => path === api.basePath || path.startsWith(`${api.basePath}/`));
}
