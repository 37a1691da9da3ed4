//! Grammars of the SWx application (3GPP TS 29.273 §8.2.2) and of its
//! Grouped AVPs (§8.2.3).
//!
//! The commands have the CCF shape of Cx's (TS 29.229 §6.1: see `ccf`).
//! Each CCF lists the members the
//! dictionaries define; the others it names (DRMP, Load,
//! MIP6-Feature-Vector, TWAN-Access-Info, ...) are admitted through
//! `*[ AVP ]` without the M bit and answered 5001 with it, like any unknown
//! AVP, and the DOIC AVPs are admitted the same way (see `doic`).

use crate::dict::application as app;
use crate::dict::base::*;
use crate::dict::cc::{MIP6_AGENT_INFO, SERVICE_SELECTION, SUBSCRIPTION_ID};
use crate::dict::command as cmd;
use crate::dict::cx::{
    DEREGISTRATION_REASON, SERVER_ASSIGNMENT_TYPE, SIP_AUTH_DATA_ITEM, SIP_NUMBER_AUTH_ITEMS,
};
use crate::dict::grammar::{CommandGrammar, Grammar, GroupGrammar, Rule};
use crate::dict::gy::TGPP_CHARGING_CHARACTERISTICS;
use crate::dict::s6a::{
    ACTIVE_APN, AMBR, APN_CONFIGURATION, APN_OI_REPLACEMENT, CONTEXT_IDENTIFIER,
    CORE_NETWORK_RESTRICTIONS, EMERGENCY_INFO, RAT_TYPE, SUPPORTED_FEATURES, TERMINAL_INFORMATION,
    TRACE_DATA, TRACE_REFERENCE, UE_USAGE_TYPE, VISITED_NETWORK_IDENTIFIER,
};
use crate::dict::swx::*;

/// An SWx command: proxiable, application 16777265.
const fn command(code: u32, request: Grammar, answer: Grammar) -> CommandGrammar {
    CommandGrammar {
        code,
        application_id: Some(app::SWX),
        proxiable: true,
        request,
        answer,
    }
}

/// The four SWx command pairs (TS 29.273 §8.2.2).
pub static COMMANDS: &[CommandGrammar] = &[
    // §8.2.2 Multimedia-Auth-Request/Answer: authentication.
    command(
        cmd::SWX_MULTIMEDIA_AUTH,
        request!(
            required;
            Rule::optional(&DESTINATION_HOST),
            Rule::required(&USER_NAME),
            Rule::required(&SIP_AUTH_DATA_ITEM),
            Rule::required(&SIP_NUMBER_AUTH_ITEMS),
            Rule::optional(&RAT_TYPE),
            Rule::optional(&ANID),
            Rule::optional(&VISITED_NETWORK_IDENTIFIER),
            Rule::optional(&TERMINAL_INFORMATION),
            Rule::optional(&AAA_FAILURE_INDICATION),
        ),
        answer!(
            required;
            Rule::required(&USER_NAME),
            Rule::optional(&SIP_NUMBER_AUTH_ITEMS),
            Rule::any(&SIP_AUTH_DATA_ITEM),
            Rule::optional(&TGPP_AAA_SERVER_NAME),
        ),
    ),
    // §8.2.2 Server-Assignment-Request/Answer: registration and profile
    // download.
    command(
        cmd::SWX_SERVER_ASSIGNMENT,
        request!(
            required;
            Rule::optional(&DESTINATION_HOST),
            Rule::required(&USER_NAME),
            Rule::required(&SERVER_ASSIGNMENT_TYPE),
            Rule::optional(&SERVICE_SELECTION),
            Rule::optional(&CONTEXT_IDENTIFIER),
            Rule::optional(&MIP6_AGENT_INFO),
            Rule::optional(&VISITED_NETWORK_IDENTIFIER),
            Rule::any(&ACTIVE_APN),
            Rule::optional(&TERMINAL_INFORMATION),
            Rule::optional(&EMERGENCY_SERVICES),
        ),
        answer!(
            required;
            Rule::required(&USER_NAME),
            Rule::optional(&NON_3GPP_USER_DATA),
            Rule::optional(&TGPP_AAA_SERVER_NAME),
        ),
    ),
    // §8.2.2 Registration-Termination-Request/Answer: HSS-initiated
    // deregistration.
    command(
        cmd::SWX_REGISTRATION_TERMINATION,
        request!(
            required;
            Rule::required(&DESTINATION_HOST),
            Rule::required(&USER_NAME),
            Rule::required(&DEREGISTRATION_REASON),
        ),
        answer!(required;),
    ),
    // §8.2.2 Push-Profile-Request/Answer: HSS-initiated profile update.
    command(
        cmd::SWX_PUSH_PROFILE,
        request!(
            required;
            Rule::required(&DESTINATION_HOST),
            Rule::required(&USER_NAME),
            Rule::optional(&NON_3GPP_USER_DATA),
            Rule::optional(&PPR_FLAGS),
        ),
        answer!(required;),
    ),
];

/// The grammars of the SWx Grouped AVPs.
pub static GROUPS: &[GroupGrammar] = &[
    // TS 29.273 §8.2.3, Non-3GPP-User-Data.
    GroupGrammar::new(
        &NON_3GPP_USER_DATA,
        Grammar::open(&[
            Rule::optional(&SUBSCRIPTION_ID),
            Rule::optional(&NON_3GPP_IP_ACCESS),
            Rule::optional(&NON_3GPP_IP_ACCESS_APN),
            Rule::any(&RAT_TYPE),
            Rule::optional(&SESSION_TIMEOUT),
            Rule::optional(&AMBR),
            Rule::optional(&TGPP_CHARGING_CHARACTERISTICS),
            Rule::optional(&CONTEXT_IDENTIFIER),
            Rule::optional(&APN_OI_REPLACEMENT),
            Rule::any(&APN_CONFIGURATION),
            Rule::optional(&TRACE_INFO),
            Rule::optional(&TWAN_DEFAULT_APN_CONTEXT_ID),
            Rule::optional(&UE_USAGE_TYPE),
            Rule::optional(&EMERGENCY_INFO),
            Rule::optional(&CORE_NETWORK_RESTRICTIONS),
        ]),
    ),
    // TS 29.273 §8.2.3, Trace-Info.
    GroupGrammar::new(
        &TRACE_INFO,
        Grammar::open(&[
            Rule::optional(&TRACE_DATA),
            Rule::optional(&TRACE_REFERENCE),
        ]),
    ),
];
