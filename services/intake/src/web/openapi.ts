/** OpenAPI 3.1 description of the web channel's JSON API, served at GET /api/requests/openapi.json. */
const citizen = {
  type: "object",
  required: ["name"],
  additionalProperties: false,
  properties: {
    name: { type: "string", minLength: 1, maxLength: 200 },
    email: { type: ["string", "null"], format: "email", maxLength: 254 },
    phone: {
      type: ["string", "null"],
      description: "French or international number; stored in E.164",
      examples: ["02 41 00 00 00"],
    },
    postalAddress: { type: ["string", "null"], maxLength: 500 },
    preferredChannel: {
      type: "string",
      enum: ["email", "sms", "letter"],
      default: "email",
      description: "Reply channel; the matching contact (email, phone, postalAddress) is then required.",
    },
  },
} as const;

const submission = {
  type: "object",
  required: ["body", "citizen"],
  additionalProperties: false,
  properties: {
    subjectId: {
      type: ["string", "null"],
      description: "Catalogue subject (GET /open311/v2/services.json); null: triage.",
    },
    siteId: { type: ["string", "null"], description: "Site of the town the citizen is closest to." },
    title: { type: ["string", "null"], maxLength: 300 },
    body: { type: "string", minLength: 1, maxLength: 20000 },
    citizen,
  },
} as const;

const problem = {
  type: "object",
  required: ["error", "message", "errorId"],
  properties: {
    error: { type: "string", examples: ["validation", "conflict", "rate-limited"] },
    message: { type: "string" },
    problems: {
      type: "array",
      items: { type: "object", properties: { field: { type: "string" }, message: { type: "string" } } },
    },
    errorId: { type: "string", format: "uuid" },
  },
} as const;

export const openApiDocument = {
  openapi: "3.1.0",
  info: {
    title: "Guichet — web requests API",
    version: "1.0.0",
    description:
      "Submit a citizen request to the town. The answer gives the reference and a private tracking link " +
      "(keep it secret: whoever has it sees the request's status). Rate-limited per client IP.",
  },
  paths: {
    "/api/requests": {
      post: {
        operationId: "submitRequest",
        summary: "Submit a request",
        parameters: [
          {
            name: "Idempotency-Key",
            in: "header",
            required: false,
            description:
              "8 to 128 visible ASCII characters. A retry with the same key and payload returns the first request (replayed: true); another payload answers 409.",
            schema: { type: "string", pattern: "^[\\x21-\\x7e]{8,128}$" },
          },
        ],
        requestBody: {
          required: true,
          content: {
            "application/json": { schema: { $ref: "#/components/schemas/Submission" } },
            "multipart/form-data": {
              schema: {
                type: "object",
                required: ["request"],
                properties: {
                  request: { $ref: "#/components/schemas/Submission" },
                  attachments: {
                    type: "array",
                    maxItems: 10,
                    items: { type: "string", contentMediaType: "application/octet-stream" },
                    description: "Up to 10 files, 15 MB each, 25 MB in all: PDF, images, office documents, text.",
                  },
                },
              },
              encoding: { request: { contentType: "application/json" } },
            },
          },
        },
        responses: {
          "201": {
            description: "Stored durably (published to the other services even if the broker is down).",
            content: {
              "application/json": {
                schema: {
                  type: "object",
                  required: ["requestId", "reference", "receivedAt", "replayed", "trackingUrl"],
                  properties: {
                    requestId: { type: "string", format: "uuid" },
                    reference: { type: "string", examples: ["LA-2026-000123"] },
                    receivedAt: { type: "string", format: "date-time", description: "Legal date of receipt." },
                    replayed: { type: "boolean" },
                    trackingUrl: { type: "string", format: "uri" },
                  },
                },
              },
            },
          },
          "400": {
            description: "Invalid input, each field named",
            content: { "application/json": { schema: { $ref: "#/components/schemas/Problem" } } },
          },
          "409": {
            description: "Idempotency-Key already used for another payload",
            content: { "application/json": { schema: { $ref: "#/components/schemas/Problem" } } },
          },
          "429": {
            description: "Too many submissions from this client",
            content: { "application/json": { schema: { $ref: "#/components/schemas/Problem" } } },
          },
        },
      },
    },
  },
  components: { schemas: { Submission: submission, Problem: problem } },
} as const;
