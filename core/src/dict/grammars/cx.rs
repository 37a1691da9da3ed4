//! Grammars of the Cx/Dx application (3GPP TS 29.229 §6.1) and of its
//! Grouped AVPs (§6.3).
//!
//! Each CCF lists the members the dictionaries define, in the
//! specification's order; the others it names (DRMP, Failed-PCSCF,
//! P-CSCF-Subscription-Info, Framed-Interface-Id, ETSI's
//! Line-Identifier, ...) are admitted through `*[ AVP ]` without the M bit
//! and answered 5001 with it, like any unknown AVP, and the DOIC AVPs are
//! admitted the same way (see `doic`). SIP-Digest-Authenticate has no
//! grammar here: its members are RFC 5090's Digest AVPs, which no
//! dictionary of core defines.

use crate::dict::application as app;
use crate::dict::base::*;
use crate::dict::cc::{FRAMED_IPV6_PREFIX, FRAMED_IP_ADDRESS};
use crate::dict::command as cmd;
use crate::dict::cx::*;
use crate::dict::grammar::{CommandGrammar, Grammar, GroupGrammar, Rule};
use crate::dict::s6a::{SUPPORTED_FEATURES, VISITED_NETWORK_IDENTIFIER};

/// A Cx/Dx command: proxiable, application 16777216.
const fn command(code: u32, request: Grammar, answer: Grammar) -> CommandGrammar {
    CommandGrammar {
        code,
        application_id: Some(app::CX),
        proxiable: true,
        request,
        answer,
    }
}

/// The six Cx/Dx command pairs (TS 29.229 §6.1.1–§6.1.12).
pub static COMMANDS: &[CommandGrammar] = &[
    // §6.1.1 UAR, §6.1.2 UAA.
    command(
        cmd::USER_AUTHORIZATION,
        request!(
            required;
            Rule::optional(&DESTINATION_HOST),
            Rule::required(&USER_NAME),
            Rule::required(&PUBLIC_IDENTITY),
            Rule::required(&VISITED_NETWORK_IDENTIFIER),
            Rule::optional(&USER_AUTHORIZATION_TYPE),
            Rule::optional(&UAR_FLAGS),
        ),
        answer!(
            required;
            Rule::optional(&SERVER_NAME),
            Rule::optional(&SERVER_CAPABILITIES),
        ),
    ),
    // §6.1.3 SAR, §6.1.4 SAA.
    command(
        cmd::SERVER_ASSIGNMENT,
        request!(
            required;
            Rule::optional(&DESTINATION_HOST),
            Rule::optional(&USER_NAME),
            Rule::any(&PUBLIC_IDENTITY),
            Rule::optional(&WILDCARDED_PUBLIC_IDENTITY),
            Rule::required(&SERVER_NAME),
            Rule::required(&SERVER_ASSIGNMENT_TYPE),
            Rule::required(&USER_DATA_ALREADY_AVAILABLE),
            Rule::optional(&SCSCF_RESTORATION_INFO),
            Rule::optional(&MULTIPLE_REGISTRATION_INDICATION),
            Rule::optional(&SESSION_PRIORITY),
            Rule::optional(&SAR_FLAGS),
        ),
        answer!(
            required;
            Rule::optional(&USER_NAME),
            Rule::optional(&CX_USER_DATA),
            Rule::optional(&CHARGING_INFORMATION),
            Rule::optional(&ASSOCIATED_IDENTITIES),
            Rule::optional(&LOOSE_ROUTE_INDICATION),
            Rule::any(&SCSCF_RESTORATION_INFO),
            Rule::optional(&ASSOCIATED_REGISTERED_IDENTITIES),
            Rule::optional(&SERVER_NAME),
            Rule::optional(&WILDCARDED_PUBLIC_IDENTITY),
            Rule::optional(&PRIVILEDGED_SENDER_INDICATION),
            Rule::optional(&ALLOWED_WAF_WWSF_IDENTITIES),
        ),
    ),
    // §6.1.5 LIR, §6.1.6 LIA.
    command(
        cmd::LOCATION_INFO,
        request!(
            required;
            Rule::optional(&DESTINATION_HOST),
            Rule::optional(&ORIGINATING_REQUEST),
            Rule::required(&PUBLIC_IDENTITY),
            Rule::optional(&USER_AUTHORIZATION_TYPE),
            Rule::optional(&SESSION_PRIORITY),
        ),
        answer!(
            required;
            Rule::optional(&SERVER_NAME),
            Rule::optional(&SERVER_CAPABILITIES),
            Rule::optional(&WILDCARDED_PUBLIC_IDENTITY),
            Rule::optional(&LIA_FLAGS),
        ),
    ),
    // §6.1.7 MAR, §6.1.8 MAA.
    command(
        cmd::MULTIMEDIA_AUTH,
        request!(
            required;
            Rule::optional(&DESTINATION_HOST),
            Rule::required(&USER_NAME),
            Rule::required(&PUBLIC_IDENTITY),
            Rule::required(&SIP_AUTH_DATA_ITEM),
            Rule::required(&SIP_NUMBER_AUTH_ITEMS),
            Rule::required(&SERVER_NAME),
        ),
        answer!(
            required;
            Rule::optional(&USER_NAME),
            Rule::optional(&PUBLIC_IDENTITY),
            Rule::optional(&SIP_NUMBER_AUTH_ITEMS),
            Rule::any(&SIP_AUTH_DATA_ITEM),
        ),
    ),
    // §6.1.9 RTR, §6.1.10 RTA.
    command(
        cmd::REGISTRATION_TERMINATION,
        request!(
            required;
            Rule::required(&DESTINATION_HOST),
            Rule::required(&USER_NAME),
            Rule::optional(&ASSOCIATED_IDENTITIES),
            Rule::any(&PUBLIC_IDENTITY),
            Rule::required(&DEREGISTRATION_REASON),
        ),
        answer!(
            required;
            Rule::optional(&ASSOCIATED_IDENTITIES),
            Rule::optional(&IDENTITY_WITH_EMERGENCY_REGISTRATION),
        ),
    ),
    // §6.1.11 PPR, §6.1.12 PPA.
    command(
        cmd::PUSH_PROFILE,
        request!(
            required;
            Rule::required(&DESTINATION_HOST),
            Rule::required(&USER_NAME),
            Rule::optional(&CX_USER_DATA),
            Rule::optional(&CHARGING_INFORMATION),
            Rule::optional(&SIP_AUTH_DATA_ITEM),
            Rule::optional(&ALLOWED_WAF_WWSF_IDENTITIES),
        ),
        answer!(required;),
    ),
];

/// The grammars of the Cx/Dx Grouped AVPs.
pub static GROUPS: &[GroupGrammar] = &[
    // TS 29.229 §6.3.4.
    GroupGrammar::new(
        &SERVER_CAPABILITIES,
        Grammar::open(&[
            Rule::any(&MANDATORY_CAPABILITY),
            Rule::any(&OPTIONAL_CAPABILITY),
            Rule::any(&SERVER_NAME),
        ]),
    ),
    // TS 29.229 §6.3.13.
    GroupGrammar::new(
        &SIP_AUTH_DATA_ITEM,
        Grammar::open(&[
            Rule::optional(&SIP_ITEM_NUMBER),
            Rule::optional(&SIP_AUTHENTICATION_SCHEME),
            Rule::optional(&SIP_AUTHENTICATE),
            Rule::optional(&SIP_AUTHORIZATION),
            Rule::optional(&SIP_AUTHENTICATION_CONTEXT),
            Rule::optional(&CONFIDENTIALITY_KEY),
            Rule::optional(&INTEGRITY_KEY),
            Rule::optional(&SIP_DIGEST_AUTHENTICATE),
            Rule::optional(&FRAMED_IP_ADDRESS),
            Rule::optional(&FRAMED_IPV6_PREFIX),
        ]),
    ),
    // TS 29.229 §6.3.16.
    GroupGrammar::new(
        &DEREGISTRATION_REASON,
        Grammar::open(&[Rule::required(&REASON_CODE), Rule::optional(&REASON_INFO)]),
    ),
    // TS 29.229 §6.3.19.
    GroupGrammar::new(
        &CHARGING_INFORMATION,
        Grammar::open(&[
            Rule::optional(&PRIMARY_EVENT_CHARGING_FUNCTION_NAME),
            Rule::optional(&SECONDARY_EVENT_CHARGING_FUNCTION_NAME),
            Rule::optional(&PRIMARY_CHARGING_COLLECTION_FUNCTION_NAME),
            Rule::optional(&SECONDARY_CHARGING_COLLECTION_FUNCTION_NAME),
        ]),
    ),
    // TS 29.229 §6.3.32.
    GroupGrammar::new(
        &SUPPORTED_APPLICATIONS,
        Grammar::open(&[
            Rule::any(&AUTH_APPLICATION_ID),
            Rule::any(&ACCT_APPLICATION_ID),
            Rule::any(&VENDOR_SPECIFIC_APPLICATION_ID),
        ]),
    ),
    // TS 29.229 §6.3.33.
    GroupGrammar::new(
        &ASSOCIATED_IDENTITIES,
        Grammar::open(&[Rule::any(&USER_NAME)]),
    ),
    // TS 29.229 table 6.3.1, SCSCF-Restoration-Info.
    GroupGrammar::new(
        &SCSCF_RESTORATION_INFO,
        Grammar::open(&[
            Rule::required(&USER_NAME),
            Rule::at_least_once(&RESTORATION_INFO),
            Rule::optional(&SIP_AUTHENTICATION_SCHEME),
        ]),
    ),
    // TS 29.229 table 6.3.1, Subscription-Info.
    GroupGrammar::new(
        &SUBSCRIPTION_INFO,
        Grammar::open(&[
            Rule::required(&CALL_ID_SIP_HEADER),
            Rule::required(&FROM_SIP_HEADER),
            Rule::required(&TO_SIP_HEADER),
            Rule::required(&RECORD_ROUTE),
            Rule::required(&CONTACT),
        ]),
    ),
    // TS 29.229 table 6.3.1, Associated-Registered-Identities.
    GroupGrammar::new(
        &ASSOCIATED_REGISTERED_IDENTITIES,
        Grammar::open(&[Rule::any(&USER_NAME)]),
    ),
    // TS 29.229 table 6.3.1, Restoration-Info.
    GroupGrammar::new(
        &RESTORATION_INFO,
        Grammar::open(&[
            Rule::required(&PATH),
            Rule::required(&CONTACT),
            Rule::optional(&INITIAL_CSEQ_SEQUENCE_NUMBER),
            Rule::optional(&CALL_ID_SIP_HEADER),
            Rule::optional(&SUBSCRIPTION_INFO),
        ]),
    ),
    // TS 29.229 table 6.3.1, Identity-with-Emergency-Registration.
    GroupGrammar::new(
        &IDENTITY_WITH_EMERGENCY_REGISTRATION,
        Grammar::open(&[Rule::required(&USER_NAME), Rule::required(&PUBLIC_IDENTITY)]),
    ),
    // TS 29.229 table 6.3.1, Allowed-WAF-WWSF-Identities.
    GroupGrammar::new(
        &ALLOWED_WAF_WWSF_IDENTITIES,
        Grammar::open(&[
            Rule::any(&WEBRTC_AUTHENTICATION_FUNCTION_NAME),
            Rule::any(&WEBRTC_WEB_SERVER_FUNCTION_NAME),
        ]),
    ),
];
