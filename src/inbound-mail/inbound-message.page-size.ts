/** Page size of inboundMessages when first is not given. */
export const DEFAULT_INBOUND_PAGE = 20;
/** The largest page inboundMessages returns. */
export const MAX_INBOUND_PAGE = 100;
