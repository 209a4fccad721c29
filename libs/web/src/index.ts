export { CSRF_FIELD, CSRF_HEADER, csrfField, csrfTokenOf, verifyCsrf } from "./csrf.ts";
export {
  type Choice,
  emptyForm,
  type FormState,
  inputField,
  radioField,
  selectField,
  textareaField,
} from "./form-fields.ts";
export { escapeHtml, html, raw, SafeHtml } from "./html.ts";
export {
  IDENTITY_HEADER,
  type Role,
  roleSchema,
  type StaffIdentity,
  signIdentity,
  staffIdentitySchema,
  verifyIdentity,
} from "./identity.ts";
export { errorSummary, fieldId, type PageOptions, renderPage, type TownBranding } from "./layout.ts";
export {
  answerPage,
  formOf,
  type PageEdgeOptions,
  type PageRequest,
  type PageResponse,
  type PageResult,
} from "./page-edge.ts";
export { canAccessService, type RequestLike, requireServiceAccess, requireStaff, staffOf } from "./staff.ts";
