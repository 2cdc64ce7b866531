import { describe, expect, it } from "vitest";
import { endpointOf, templatePath } from "../../shared/parsing/endpoint.js";

describe("templatePath", () => {
  it.each([
    ["/orders/42", "/orders/{int}"],
    ["/orders/42/", "/orders/{int}"],
    ["/", "/"],
    ["", "/"],
    ["//", "/"],
    ["/users/3F2504E0-4F89-11D3-9A0C-0305E82C3301/cart", "/users/{uuid}/cart"],
    ["/weather/5d0ca5ff56c952f6b5316199", "/weather/{hex}"],
    ["/files/a7Xk29Qz", "/files/{id}"],
    ["/tokens/eyJhbGciOiJIUzI1NiJ9_abcDEF", "/tokens/{id}"],
    ["/blog/tags/puppet", "/blog/tags/puppet"],
    ["/blog/tags/hackday06", "/blog/tags/hackday06"],
    [
      "/presentations/logstash-monitorama-2013/images/kibana-dashboard3.png",
      "/presentations/logstash-monitorama-2013/images/kibana-dashboard3.png",
    ],
    ["/deadbeef", "/deadbeef"],
    ["/Orders/V1", "/Orders/V1"],
    ["/v1/items/007/parts/3", "/v1/items/{int}/parts/{int}"],
    ["*", "*"],
  ])("templates %s as %s", (path, template) => {
    expect(templatePath(path)).toBe(template);
  });
});

describe("endpointOf", () => {
  it("names the APIM operation when the source gives API and operation ids", () => {
    const parts = { apiId: "orders-api", operationId: "get-order", method: "GET", path: "/o/1" };
    expect(endpointOf(parts)).toBe("orders-api;get-order");
  });

  it("falls back to the upper-cased method and templated path when either id is missing", () => {
    expect(endpointOf({ apiId: "orders-api", operationId: "", method: "get", path: "/o/1/" })).toBe(
      "GET /o/{int}",
    );
  });
});
