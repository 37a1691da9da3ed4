//! The command CCF shape that the 3GPP applications of TS 29.272 (S6a),
//! TS 29.229 (Cx/Dx), TS 29.329 (Sh) and TS 29.273 (SWx) share: the
//! session, application and routing AVPs every request has, the outcome
//! and origin AVPs every answer has, with each command's own rules in
//! between. Vendor-Specific-Application-Id is `{ }` in the last three and
//! `[ ]` in S6a's, hence the first argument: `required` or `optional`.
//!
//! The names are resolved where the macros are used, which imports
//! `base::*`, `s6a::SUPPORTED_FEATURES`, `Grammar` and `Rule`.

/// A request CCF: `< Session-Id >`, Vendor-Specific-Application-Id
/// (`$vsai`), `{ Auth-Session-State }`, `{ Origin-Host }`,
/// `{ Origin-Realm }`, `{ Destination-Realm }`, `*[ Supported-Features ]`,
/// the command's own `rules`, `*[ Proxy-Info ]` and `*[ Route-Record ]`.
macro_rules! request {
    ($vsai:ident; $($rule:expr,)*) => {
        Grammar::open(&[
            Rule::fixed(&SESSION_ID),
            Rule::$vsai(&VENDOR_SPECIFIC_APPLICATION_ID),
            Rule::required(&AUTH_SESSION_STATE),
            Rule::required(&ORIGIN_HOST),
            Rule::required(&ORIGIN_REALM),
            Rule::required(&DESTINATION_REALM),
            Rule::any(&SUPPORTED_FEATURES),
            $($rule,)*
            Rule::any(&PROXY_INFO),
            Rule::any(&ROUTE_RECORD),
        ])
    };
}

/// An answer CCF: `< Session-Id >`, Vendor-Specific-Application-Id
/// (`$vsai`), Result-Code and Experimental-Result both optional (one of
/// them carries the outcome), `{ Auth-Session-State }`, `{ Origin-Host }`,
/// `{ Origin-Realm }`, `*[ Supported-Features ]`, the command's own
/// `rules`, `[ Failed-AVP ]`, `*[ Proxy-Info ]` and `*[ Route-Record ]`.
macro_rules! answer {
    ($vsai:ident; $($rule:expr,)*) => {
        Grammar::open(&[
            Rule::fixed(&SESSION_ID),
            Rule::$vsai(&VENDOR_SPECIFIC_APPLICATION_ID),
            Rule::optional(&RESULT_CODE),
            Rule::optional(&EXPERIMENTAL_RESULT),
            Rule::required(&AUTH_SESSION_STATE),
            Rule::required(&ORIGIN_HOST),
            Rule::required(&ORIGIN_REALM),
            Rule::any(&SUPPORTED_FEATURES),
            $($rule,)*
            Rule::optional(&FAILED_AVP),
            Rule::any(&PROXY_INFO),
            Rule::any(&ROUTE_RECORD),
        ])
    };
}
