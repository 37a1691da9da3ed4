//! Grammars of the Sh application (3GPP TS 29.329 §6.1) and of its
//! Grouped AVPs (§6.3).
//!
//! Each CCF lists the members the dictionaries define, in the
//! specification's order; the others it names (DRMP, Load,
//! Call-Reference-Info, External-Identifier, ...) are admitted through
//! `*[ AVP ]` without the M bit and answered 5001 with it, like any unknown
//! AVP, and the DOIC AVPs are admitted the same way (see `doic`).

use crate::dict::application as app;
use crate::dict::base::*;
use crate::dict::command as cmd;
use crate::dict::cx::{
    PUBLIC_IDENTITY, SERVER_NAME, SESSION_PRIORITY, WILDCARDED_IMPU, WILDCARDED_PUBLIC_IDENTITY,
};
use crate::dict::grammar::{CommandGrammar, Grammar, GroupGrammar, Rule};
use crate::dict::s6a::{MSISDN, SUPPORTED_FEATURES};
use crate::dict::sh::*;

/// An Sh command: proxiable, application 16777217.
const fn command(code: u32, request: Grammar, answer: Grammar) -> CommandGrammar {
    CommandGrammar {
        code,
        application_id: Some(app::SH),
        proxiable: true,
        request,
        answer,
    }
}

/// The four Sh command pairs (TS 29.329 §6.1.1–§6.1.8).
pub static COMMANDS: &[CommandGrammar] = &[
    // §6.1.1 UDR, §6.1.2 UDA.
    command(
        cmd::USER_DATA,
        request!(
            required;
            Rule::optional(&DESTINATION_HOST),
            Rule::required(&USER_IDENTITY),
            Rule::optional(&WILDCARDED_PUBLIC_IDENTITY),
            Rule::optional(&WILDCARDED_IMPU),
            Rule::optional(&SERVER_NAME),
            Rule::any(&SERVICE_INDICATION),
            Rule::at_least_once(&DATA_REFERENCE),
            Rule::any(&IDENTITY_SET),
            Rule::optional(&REQUESTED_DOMAIN),
            Rule::optional(&CURRENT_LOCATION),
            Rule::any(&DSAI_TAG),
            Rule::optional(&SESSION_PRIORITY),
            Rule::optional(&USER_NAME),
            Rule::optional(&REQUESTED_NODES),
            Rule::optional(&SERVING_NODE_INDICATION),
            Rule::optional(&PRE_PAGING_SUPPORTED),
            Rule::optional(&LOCAL_TIME_ZONE_INDICATION),
            Rule::optional(&UDR_FLAGS),
        ),
        answer!(
            required;
            Rule::optional(&WILDCARDED_PUBLIC_IDENTITY),
            Rule::optional(&WILDCARDED_IMPU),
            Rule::optional(&USER_DATA),
        ),
    ),
    // §6.1.3 PUR, §6.1.4 PUA.
    command(
        cmd::PROFILE_UPDATE,
        request!(
            required;
            Rule::optional(&DESTINATION_HOST),
            Rule::required(&USER_IDENTITY),
            Rule::optional(&WILDCARDED_PUBLIC_IDENTITY),
            Rule::optional(&WILDCARDED_IMPU),
            Rule::optional(&USER_NAME),
            Rule::at_least_once(&DATA_REFERENCE),
            Rule::required(&USER_DATA),
        ),
        answer!(
            required;
            Rule::optional(&WILDCARDED_PUBLIC_IDENTITY),
            Rule::optional(&WILDCARDED_IMPU),
            Rule::optional(&REPOSITORY_DATA_ID),
            Rule::optional(&DATA_REFERENCE),
        ),
    ),
    // §6.1.5 SNR, §6.1.6 SNA.
    command(
        cmd::SUBSCRIBE_NOTIFICATIONS,
        request!(
            required;
            Rule::optional(&DESTINATION_HOST),
            Rule::required(&USER_IDENTITY),
            Rule::optional(&WILDCARDED_PUBLIC_IDENTITY),
            Rule::optional(&WILDCARDED_IMPU),
            Rule::any(&SERVICE_INDICATION),
            Rule::optional(&SEND_DATA_INDICATION),
            Rule::optional(&SERVER_NAME),
            Rule::required(&SUBS_REQ_TYPE),
            Rule::at_least_once(&DATA_REFERENCE),
            Rule::any(&IDENTITY_SET),
            Rule::optional(&EXPIRY_TIME),
            Rule::any(&DSAI_TAG),
            Rule::optional(&ONE_TIME_NOTIFICATION),
            Rule::optional(&USER_NAME),
        ),
        answer!(
            required;
            Rule::optional(&WILDCARDED_PUBLIC_IDENTITY),
            Rule::optional(&WILDCARDED_IMPU),
            Rule::optional(&USER_DATA),
            Rule::optional(&EXPIRY_TIME),
        ),
    ),
    // §6.1.7 PNR, §6.1.8 PNA.
    command(
        cmd::PUSH_NOTIFICATION,
        request!(
            required;
            Rule::required(&DESTINATION_HOST),
            Rule::required(&USER_IDENTITY),
            Rule::optional(&WILDCARDED_PUBLIC_IDENTITY),
            Rule::optional(&WILDCARDED_IMPU),
            Rule::optional(&USER_NAME),
            Rule::required(&USER_DATA),
        ),
        answer!(required;),
    ),
];

/// The grammars of the Sh Grouped AVPs.
pub static GROUPS: &[GroupGrammar] = &[
    // TS 29.329 §6.3.1.
    GroupGrammar::new(
        &USER_IDENTITY,
        Grammar::open(&[Rule::optional(&PUBLIC_IDENTITY), Rule::optional(&MSISDN)]),
    ),
    // TS 29.329 table 6.3.1, Repository-Data-ID.
    GroupGrammar::new(
        &REPOSITORY_DATA_ID,
        Grammar::open(&[
            Rule::required(&SERVICE_INDICATION),
            Rule::required(&SEQUENCE_NUMBER),
        ]),
    ),
];
