//! Grammars of the Rx application (3GPP TS 29.214 §5.6) and of its Grouped
//! AVPs (§5.3).
//!
//! Each CCF lists the members the dictionaries define, in the
//! specification's order; the others it names (DRMP, Reservation-Priority,
//! MCVideo-Identifier, TWAN-Identifier, ...) are admitted through
//! `*[ AVP ]` without the M bit and answered 5001 with it, like any unknown
//! AVP, and the DOIC AVPs are admitted the same way (see `doic`). Rx's
//! STR/STA and ASR/ASA (§5.6.6 to §5.6.9) are the base commands (RFC 6733
//! §8.4, §8.5) usable by any application.

use crate::dict::application as app;
use crate::dict::base::*;
use crate::dict::cc::{
    CALLED_STATION_ID, FINAL_UNIT_ACTION, FRAMED_IPV6_PREFIX, FRAMED_IP_ADDRESS,
    GRANTED_SERVICE_UNIT, SUBSCRIPTION_ID, USED_SERVICE_UNIT, USER_EQUIPMENT_INFO,
};
use crate::dict::command as cmd;
use crate::dict::grammar::{CommandGrammar, Grammar, GroupGrammar, Rule};
use crate::dict::gx::{
    AN_GW_ADDRESS, CHARGING_RULE_NAME, FLOW_DESCRIPTION, IP_CAN_TYPE, SESSION_RELEASE_CAUSE,
    TOS_TRAFFIC_CLASS,
};
use crate::dict::gy::{
    CHARGING_RULE_BASE_NAME, TGPP_MS_TIMEZONE, TGPP_SGSN_MCC_MNC, TGPP_USER_LOCATION_INFO,
};
use crate::dict::rx::*;
use crate::dict::s6a::{
    MAX_REQUESTED_BANDWIDTH_DL, MAX_REQUESTED_BANDWIDTH_UL, PRE_EMPTION_CAPABILITY,
    PRE_EMPTION_VULNERABILITY, RAT_TYPE, SUPPORTED_FEATURES,
};

/// The Rx commands: AAR/AAA and RAR/RAA of application 16777236.
pub static COMMANDS: &[CommandGrammar] = &[
    CommandGrammar {
        code: cmd::RX_AA,
        application_id: Some(app::RX),
        proxiable: true,
        // TS 29.214 §5.6.2 AA-Request.
        request: Grammar::open(&[
            Rule::fixed(&SESSION_ID),
            Rule::required(&AUTH_APPLICATION_ID),
            Rule::required(&ORIGIN_HOST),
            Rule::required(&ORIGIN_REALM),
            Rule::required(&DESTINATION_REALM),
            Rule::optional(&DESTINATION_HOST),
            Rule::optional(&IP_DOMAIN_ID),
            Rule::optional(&AUTH_SESSION_STATE),
            Rule::optional(&AF_APPLICATION_IDENTIFIER),
            Rule::any(&MEDIA_COMPONENT_DESCRIPTION),
            Rule::optional(&SERVICE_INFO_STATUS),
            Rule::optional(&AF_CHARGING_IDENTIFIER),
            Rule::optional(&SIP_FORKING_INDICATION),
            Rule::any(&SPECIFIC_ACTION),
            Rule::any(&SUBSCRIPTION_ID),
            Rule::any(&SUPPORTED_FEATURES),
            Rule::optional(&FRAMED_IP_ADDRESS),
            Rule::optional(&FRAMED_IPV6_PREFIX),
            Rule::optional(&CALLED_STATION_ID),
            Rule::optional(&SERVICE_URN),
            Rule::optional(&SPONSORED_CONNECTIVITY_DATA),
            Rule::optional(&MPS_IDENTIFIER),
            Rule::optional(&GCS_IDENTIFIER),
            Rule::optional(&MCPTT_IDENTIFIER),
            Rule::optional(&RX_REQUEST_TYPE),
            Rule::any(&REQUIRED_ACCESS_INFO),
            Rule::optional(&ORIGIN_STATE_ID),
            Rule::any(&PROXY_INFO),
            Rule::any(&ROUTE_RECORD),
        ]),
        // TS 29.214 §5.6.3 AA-Answer.
        answer: Grammar::open(&[
            Rule::fixed(&SESSION_ID),
            Rule::required(&AUTH_APPLICATION_ID),
            Rule::required(&ORIGIN_HOST),
            Rule::required(&ORIGIN_REALM),
            Rule::optional(&RESULT_CODE),
            Rule::optional(&EXPERIMENTAL_RESULT),
            Rule::optional(&AUTH_SESSION_STATE),
            Rule::any(&ACCESS_NETWORK_CHARGING_IDENTIFIER),
            Rule::optional(&ACCEPTABLE_SERVICE_INFO),
            Rule::bounded(&AN_GW_ADDRESS, 0, 2),
            Rule::optional(&SERVICE_AUTHORIZATION_INFO),
            Rule::optional(&IP_CAN_TYPE),
            Rule::optional(&RAT_TYPE),
            Rule::any(&FLOWS),
            Rule::any(&SUPPORTED_FEATURES),
            Rule::any(&SUBSCRIPTION_ID),
            Rule::optional(&USER_EQUIPMENT_INFO),
            Rule::optional(&TGPP_SGSN_MCC_MNC),
            Rule::any(&CLASS),
            Rule::optional(&ERROR_MESSAGE),
            Rule::optional(&ERROR_REPORTING_HOST),
            Rule::optional(&FAILED_AVP),
            Rule::optional(&RETRY_INTERVAL),
            Rule::optional(&ORIGIN_STATE_ID),
            Rule::any(&REDIRECT_HOST),
            Rule::optional(&REDIRECT_HOST_USAGE),
            Rule::optional(&REDIRECT_MAX_CACHE_TIME),
            Rule::any(&PROXY_INFO),
        ]),
    },
    CommandGrammar {
        code: cmd::RE_AUTH,
        application_id: Some(app::RX),
        proxiable: true,
        // TS 29.214 §5.6.4 RA-Request.
        request: Grammar::open(&[
            Rule::fixed(&SESSION_ID),
            Rule::required(&ORIGIN_HOST),
            Rule::required(&ORIGIN_REALM),
            Rule::required(&DESTINATION_REALM),
            Rule::required(&DESTINATION_HOST),
            Rule::required(&AUTH_APPLICATION_ID),
            Rule::required(&RE_AUTH_REQUEST_TYPE),
            Rule::optional(&SESSION_RELEASE_CAUSE),
            Rule::optional(&ORIGIN_STATE_ID),
            Rule::any(&SPECIFIC_ACTION),
            Rule::any(&ACCESS_NETWORK_CHARGING_IDENTIFIER),
            Rule::any(&FLOWS),
            Rule::any(&SUBSCRIPTION_ID),
            Rule::optional(&ABORT_CAUSE),
            Rule::optional(&IP_CAN_TYPE),
            Rule::optional(&RAT_TYPE),
            Rule::optional(&SPONSORED_CONNECTIVITY_DATA),
            Rule::optional(&TGPP_USER_LOCATION_INFO),
            Rule::optional(&TGPP_MS_TIMEZONE),
            Rule::optional(&TGPP_SGSN_MCC_MNC),
            Rule::any(&PROXY_INFO),
            Rule::any(&ROUTE_RECORD),
        ]),
        // TS 29.214 §5.6.5 RA-Answer.
        answer: Grammar::open(&[
            Rule::fixed(&SESSION_ID),
            Rule::required(&ORIGIN_HOST),
            Rule::required(&ORIGIN_REALM),
            Rule::optional(&RESULT_CODE),
            Rule::optional(&EXPERIMENTAL_RESULT),
            Rule::any(&MEDIA_COMPONENT_DESCRIPTION),
            Rule::optional(&SERVICE_URN),
            Rule::optional(&ORIGIN_STATE_ID),
            Rule::any(&CLASS),
            Rule::optional(&ERROR_MESSAGE),
            Rule::optional(&ERROR_REPORTING_HOST),
            Rule::any(&REDIRECT_HOST),
            Rule::optional(&REDIRECT_HOST_USAGE),
            Rule::optional(&REDIRECT_MAX_CACHE_TIME),
            Rule::optional(&FAILED_AVP),
            Rule::any(&PROXY_INFO),
        ]),
    },
];

/// The grammars of the Rx Grouped AVPs.
pub static GROUPS: &[GroupGrammar] = &[
    // TS 29.214 §5.3.3.
    GroupGrammar::new(
        &ACCESS_NETWORK_CHARGING_IDENTIFIER,
        Grammar::open(&[
            Rule::required(&ACCESS_NETWORK_CHARGING_IDENTIFIER_VALUE),
            Rule::any(&CHARGING_RULE_BASE_NAME),
            Rule::any(&CHARGING_RULE_NAME),
        ]),
    ),
    // TS 29.214 §5.3.10.
    GroupGrammar::new(
        &FLOWS,
        Grammar::open(&[
            Rule::fixed(&MEDIA_COMPONENT_NUMBER),
            Rule::any(&FLOW_NUMBER),
            Rule::optional(&FINAL_UNIT_ACTION),
        ]),
    ),
    // TS 29.214 §5.3.16.
    GroupGrammar::new(
        &MEDIA_COMPONENT_DESCRIPTION,
        Grammar::open(&[
            Rule::fixed(&MEDIA_COMPONENT_NUMBER),
            Rule::any(&MEDIA_SUB_COMPONENT),
            Rule::optional(&AF_APPLICATION_IDENTIFIER),
            Rule::optional(&MEDIA_TYPE),
            Rule::optional(&MAX_REQUESTED_BANDWIDTH_UL),
            Rule::optional(&MAX_REQUESTED_BANDWIDTH_DL),
            Rule::optional(&MAX_SUPPORTED_BANDWIDTH_UL),
            Rule::optional(&MAX_SUPPORTED_BANDWIDTH_DL),
            Rule::optional(&MIN_DESIRED_BANDWIDTH_UL),
            Rule::optional(&MIN_DESIRED_BANDWIDTH_DL),
            Rule::optional(&MIN_REQUESTED_BANDWIDTH_UL),
            Rule::optional(&MIN_REQUESTED_BANDWIDTH_DL),
            Rule::optional(&FLOW_STATUS),
            Rule::optional(&PRIORITY_SHARING_INDICATOR),
            Rule::optional(&PRE_EMPTION_CAPABILITY),
            Rule::optional(&PRE_EMPTION_VULNERABILITY),
            Rule::optional(&RS_BANDWIDTH),
            Rule::optional(&RR_BANDWIDTH),
            Rule::bounded(&CODEC_DATA, 0, 2),
            Rule::optional(&SHARING_KEY_DL),
            Rule::optional(&SHARING_KEY_UL),
        ]),
    ),
    // TS 29.214 §5.3.18.
    GroupGrammar::new(
        &MEDIA_SUB_COMPONENT,
        Grammar::open(&[
            Rule::required(&FLOW_NUMBER),
            Rule::bounded(&FLOW_DESCRIPTION, 0, 2),
            Rule::optional(&FLOW_STATUS),
            Rule::optional(&FLOW_USAGE),
            Rule::optional(&MAX_REQUESTED_BANDWIDTH_UL),
            Rule::optional(&MAX_REQUESTED_BANDWIDTH_DL),
            Rule::optional(&AF_SIGNALLING_PROTOCOL),
            Rule::optional(&TOS_TRAFFIC_CLASS),
        ]),
    ),
    // TS 29.214 §5.3.24.
    GroupGrammar::new(
        &ACCEPTABLE_SERVICE_INFO,
        Grammar::open(&[
            Rule::any(&MEDIA_COMPONENT_DESCRIPTION),
            Rule::optional(&MAX_REQUESTED_BANDWIDTH_DL),
            Rule::optional(&MAX_REQUESTED_BANDWIDTH_UL),
        ]),
    ),
    // TS 29.214 §5.3.27.
    GroupGrammar::new(
        &SPONSORED_CONNECTIVITY_DATA,
        Grammar::open(&[
            Rule::optional(&SPONSOR_IDENTITY),
            Rule::optional(&APPLICATION_SERVICE_PROVIDER_IDENTITY),
            Rule::optional(&GRANTED_SERVICE_UNIT),
            Rule::optional(&USED_SERVICE_UNIT),
            Rule::optional(&SPONSORING_ACTION),
        ]),
    ),
];
