//! Grammars of Rf's ACR/ACA (3GPP TS 32.299 §6.2.2, §6.2.3) and of the Rf
//! Grouped AVPs (§7.2).
//!
//! The ACR and ACA are RFC 6733 §9.7's with Service-Context-Id and
//! Service-Information; TS 32.299 writes no `[ Acct-Session-Id ]`,
//! `[ Vendor-Specific-Application-Id ]` and the like, which `*[ AVP ]`
//! admits all the same. The members these CCFs name that the dictionaries
//! lack (DRMP, UWAN-User-Location-Info, Presence-Reporting-Area-*, ...) are
//! admitted through `*[ AVP ]` without the M bit and answered 5001 with it.

use crate::dict::application as app;
use crate::dict::base::*;
use crate::dict::cc::{RATING_GROUP, SERVICE_CONTEXT_ID, SERVICE_IDENTIFIER};
use crate::dict::command as cmd;
use crate::dict::grammar::{CommandGrammar, Grammar, GroupGrammar, Rule};
use crate::dict::gy::{
    AF_CORRELATION_INFORMATION, CHARGING_RULE_BASE_NAME, QOS_INFORMATION, SERVICE_INFORMATION,
    SERVICE_SPECIFIC_INFO, SGSN_ADDRESS, TGPP_CHARGING_ID, TGPP_PS_DATA_OFF_STATUS, TGPP_RAT_TYPE,
    TGPP_USER_LOCATION_INFO, USER_CSG_INFORMATION,
};
use crate::dict::rf::ietf::{ACCOUNTING_INPUT_OCTETS, ACCOUNTING_OUTPUT_OCTETS};
use crate::dict::rf::*;
use crate::dict::rx::{APPLICATION_SERVICE_PROVIDER_IDENTITY, SPONSOR_IDENTITY};

/// ACR/ACA of the base accounting application as Rf writes them.
pub static COMMANDS: &[CommandGrammar] = &[CommandGrammar {
    code: cmd::ACCOUNTING,
    application_id: Some(app::BASE_ACCOUNTING),
    proxiable: true,
    // TS 32.299 §6.2.2 Accounting-Request.
    request: Grammar::open(&[
        Rule::fixed(&SESSION_ID),
        Rule::required(&ORIGIN_HOST),
        Rule::required(&ORIGIN_REALM),
        Rule::required(&DESTINATION_REALM),
        Rule::required(&ACCOUNTING_RECORD_TYPE),
        Rule::required(&ACCOUNTING_RECORD_NUMBER),
        Rule::optional(&ACCT_APPLICATION_ID),
        Rule::optional(&USER_NAME),
        Rule::optional(&DESTINATION_HOST),
        Rule::optional(&ACCT_INTERIM_INTERVAL),
        Rule::optional(&ORIGIN_STATE_ID),
        Rule::optional(&EVENT_TIMESTAMP),
        Rule::any(&PROXY_INFO),
        Rule::any(&ROUTE_RECORD),
        Rule::optional(&SERVICE_CONTEXT_ID),
        Rule::optional(&SERVICE_INFORMATION),
    ]),
    // TS 32.299 §6.2.3 Accounting-Answer.
    answer: Grammar::open(&[
        Rule::fixed(&SESSION_ID),
        Rule::required(&RESULT_CODE),
        Rule::required(&ORIGIN_HOST),
        Rule::required(&ORIGIN_REALM),
        Rule::required(&ACCOUNTING_RECORD_TYPE),
        Rule::required(&ACCOUNTING_RECORD_NUMBER),
        Rule::optional(&ACCT_APPLICATION_ID),
        Rule::optional(&USER_NAME),
        Rule::optional(&ACCT_INTERIM_INTERVAL),
        Rule::optional(&ORIGIN_STATE_ID),
        Rule::optional(&EVENT_TIMESTAMP),
        Rule::any(&PROXY_INFO),
        Rule::optional(&FAILED_AVP),
    ]),
}];

/// The grammars of the Rf Grouped AVPs.
pub static GROUPS: &[GroupGrammar] = &[
    // TS 32.299 §7.2, Service-Data-Container.
    GroupGrammar::new(
        &SERVICE_DATA_CONTAINER,
        Grammar::open(&[
            Rule::optional(&AF_CORRELATION_INFORMATION),
            Rule::optional(&CHARGING_RULE_BASE_NAME),
            Rule::optional(&ACCOUNTING_INPUT_OCTETS),
            Rule::optional(&ACCOUNTING_OUTPUT_OCTETS),
            Rule::optional(&LOCAL_SEQUENCE_NUMBER),
            Rule::optional(&QOS_INFORMATION),
            Rule::optional(&RATING_GROUP),
            Rule::optional(&CHANGE_TIME),
            Rule::optional(&SERVICE_IDENTIFIER),
            Rule::optional(&SERVICE_SPECIFIC_INFO),
            Rule::optional(&SGSN_ADDRESS),
            Rule::optional(&TIME_FIRST_USAGE),
            Rule::optional(&TIME_LAST_USAGE),
            Rule::optional(&TIME_USAGE),
            Rule::any(&CHANGE_CONDITION),
            Rule::optional(&TGPP_USER_LOCATION_INFO),
            Rule::optional(&SPONSOR_IDENTITY),
            Rule::optional(&APPLICATION_SERVICE_PROVIDER_IDENTITY),
            Rule::optional(&USER_CSG_INFORMATION),
            Rule::optional(&TGPP_RAT_TYPE),
            Rule::optional(&TGPP_PS_DATA_OFF_STATUS),
        ]),
    ),
    // TS 32.299 §7.2, Traffic-Data-Volumes.
    GroupGrammar::new(
        &TRAFFIC_DATA_VOLUMES,
        Grammar::open(&[
            Rule::optional(&QOS_INFORMATION),
            Rule::optional(&ACCOUNTING_INPUT_OCTETS),
            Rule::optional(&ACCOUNTING_OUTPUT_OCTETS),
            Rule::optional(&CHANGE_CONDITION),
            Rule::optional(&CHANGE_TIME),
            Rule::optional(&TGPP_USER_LOCATION_INFO),
            Rule::optional(&TGPP_CHARGING_ID),
            Rule::optional(&USER_CSG_INFORMATION),
            Rule::optional(&TGPP_RAT_TYPE),
            Rule::optional(&DIAGNOSTICS),
        ]),
    ),
];
