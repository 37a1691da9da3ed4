//! Grammars of the Gx application (3GPP TS 29.212 §5.6) and of its Grouped
//! AVPs (§5.3).
//!
//! Each CCF lists the members the dictionaries define, in the
//! specification's order; the others it names (DRMP, TDF-Information,
//! RAI, User-CSG-Information, PRA-Install, ...) are admitted through
//! `*[ AVP ]` without the M bit and answered 5001 with it, like any unknown
//! AVP, and the DOIC AVPs are admitted the same way (see `doic`).

use crate::dict::application as app;
use crate::dict::base::*;
use crate::dict::cc::{
    CALLED_STATION_ID, CC_REQUEST_NUMBER, CC_REQUEST_TYPE, FINAL_UNIT_INDICATION,
    FRAMED_IPV6_PREFIX, FRAMED_IP_ADDRESS, GRANTED_SERVICE_UNIT, RATING_GROUP, SERVICE_IDENTIFIER,
    SUBSCRIPTION_ID, USED_SERVICE_UNIT, USER_EQUIPMENT_INFO,
};
use crate::dict::command as cmd;
use crate::dict::grammar::{CommandGrammar, Grammar, GroupGrammar, Rule};
use crate::dict::gx::*;
use crate::dict::gy::{
    BEARER_IDENTIFIER, CHARGING_RULE_BASE_NAME, QOS_INFORMATION, QUOTA_CONSUMPTION_TIME,
    TGPP_CHARGING_CHARACTERISTICS, TGPP_MS_TIMEZONE, TGPP_RAT_TYPE, TGPP_SELECTION_MODE,
    TGPP_SGSN_MCC_MNC, TGPP_USER_LOCATION_INFO,
};
use crate::dict::s6a::{
    ALLOCATION_RETENTION_PRIORITY, QOS_CLASS_IDENTIFIER, RAT_TYPE, SUPPORTED_FEATURES,
};

/// The Gx commands: CCR/CCA and RAR/RAA of application 16777238.
pub static COMMANDS: &[CommandGrammar] = &[
    CommandGrammar {
        code: cmd::CREDIT_CONTROL,
        application_id: Some(app::GX),
        proxiable: true,
        // TS 29.212 §5.6.2 CC-Request.
        request: Grammar::open(&[
            Rule::fixed(&SESSION_ID),
            Rule::required(&AUTH_APPLICATION_ID),
            Rule::required(&ORIGIN_HOST),
            Rule::required(&ORIGIN_REALM),
            Rule::required(&DESTINATION_REALM),
            Rule::required(&CC_REQUEST_TYPE),
            Rule::required(&CC_REQUEST_NUMBER),
            Rule::optional(&DESTINATION_HOST),
            Rule::optional(&ORIGIN_STATE_ID),
            Rule::any(&SUBSCRIPTION_ID),
            Rule::any(&SUPPORTED_FEATURES),
            Rule::optional(&NETWORK_REQUEST_SUPPORT),
            Rule::any(&PACKET_FILTER_INFORMATION),
            Rule::optional(&PACKET_FILTER_OPERATION),
            Rule::optional(&BEARER_IDENTIFIER),
            Rule::optional(&BEARER_OPERATION),
            Rule::optional(&FRAMED_IP_ADDRESS),
            Rule::optional(&FRAMED_IPV6_PREFIX),
            Rule::optional(&IP_CAN_TYPE),
            Rule::optional(&TGPP_RAT_TYPE),
            Rule::optional(&RAT_TYPE),
            Rule::optional(&TERMINATION_CAUSE),
            Rule::optional(&USER_EQUIPMENT_INFO),
            Rule::optional(&QOS_INFORMATION),
            Rule::optional(&DEFAULT_EPS_BEARER_QOS),
            Rule::bounded(&AN_GW_ADDRESS, 0, 2),
            Rule::optional(&TGPP_SGSN_MCC_MNC),
            Rule::optional(&TGPP_SELECTION_MODE),
            Rule::optional(&TGPP_USER_LOCATION_INFO),
            Rule::optional(&TGPP_MS_TIMEZONE),
            Rule::optional(&TGPP_CHARGING_CHARACTERISTICS),
            Rule::optional(&CALLED_STATION_ID),
            Rule::optional(&BEARER_USAGE),
            Rule::optional(&ONLINE),
            Rule::optional(&OFFLINE),
            Rule::any(&CHARGING_RULE_REPORT),
            Rule::any(&EVENT_TRIGGER),
            Rule::any(&USAGE_MONITORING_INFORMATION),
            Rule::any(&PROXY_INFO),
            Rule::any(&ROUTE_RECORD),
        ]),
        // TS 29.212 §5.6.3 CC-Answer.
        answer: Grammar::open(&[
            Rule::fixed(&SESSION_ID),
            Rule::required(&AUTH_APPLICATION_ID),
            Rule::required(&ORIGIN_HOST),
            Rule::required(&ORIGIN_REALM),
            Rule::optional(&RESULT_CODE),
            Rule::optional(&EXPERIMENTAL_RESULT),
            Rule::required(&CC_REQUEST_TYPE),
            Rule::required(&CC_REQUEST_NUMBER),
            Rule::any(&SUPPORTED_FEATURES),
            Rule::optional(&BEARER_CONTROL_MODE),
            Rule::any(&EVENT_TRIGGER),
            Rule::optional(&ORIGIN_STATE_ID),
            Rule::any(&REDIRECT_HOST),
            Rule::optional(&REDIRECT_HOST_USAGE),
            Rule::optional(&REDIRECT_MAX_CACHE_TIME),
            Rule::any(&CHARGING_RULE_REMOVE),
            Rule::any(&CHARGING_RULE_INSTALL),
            Rule::optional(&ONLINE),
            Rule::optional(&OFFLINE),
            Rule::any(&QOS_INFORMATION),
            Rule::optional(&REVALIDATION_TIME),
            Rule::optional(&DEFAULT_EPS_BEARER_QOS),
            Rule::optional(&BEARER_USAGE),
            Rule::any(&USAGE_MONITORING_INFORMATION),
            Rule::optional(&SESSION_RELEASE_CAUSE),
            Rule::optional(&IP_CAN_TYPE),
            Rule::optional(&ERROR_MESSAGE),
            Rule::optional(&ERROR_REPORTING_HOST),
            Rule::optional(&FAILED_AVP),
            Rule::any(&PROXY_INFO),
            Rule::any(&ROUTE_RECORD),
        ]),
    },
    CommandGrammar {
        code: cmd::RE_AUTH,
        application_id: Some(app::GX),
        proxiable: true,
        // TS 29.212 §5.6.4 RA-Request.
        request: Grammar::open(&[
            Rule::fixed(&SESSION_ID),
            Rule::required(&AUTH_APPLICATION_ID),
            Rule::required(&ORIGIN_HOST),
            Rule::required(&ORIGIN_REALM),
            Rule::required(&DESTINATION_REALM),
            Rule::required(&DESTINATION_HOST),
            Rule::required(&RE_AUTH_REQUEST_TYPE),
            Rule::optional(&SESSION_RELEASE_CAUSE),
            Rule::optional(&ORIGIN_STATE_ID),
            Rule::any(&EVENT_TRIGGER),
            Rule::any(&CHARGING_RULE_REMOVE),
            Rule::any(&CHARGING_RULE_INSTALL),
            Rule::optional(&DEFAULT_EPS_BEARER_QOS),
            Rule::any(&QOS_INFORMATION),
            Rule::optional(&REVALIDATION_TIME),
            Rule::any(&USAGE_MONITORING_INFORMATION),
            Rule::optional(&IP_CAN_TYPE),
            Rule::any(&PROXY_INFO),
            Rule::any(&ROUTE_RECORD),
        ]),
        // TS 29.212 §5.6.5 RA-Answer.
        answer: Grammar::open(&[
            Rule::fixed(&SESSION_ID),
            Rule::required(&ORIGIN_HOST),
            Rule::required(&ORIGIN_REALM),
            Rule::optional(&RESULT_CODE),
            Rule::optional(&EXPERIMENTAL_RESULT),
            Rule::optional(&ORIGIN_STATE_ID),
            Rule::optional(&IP_CAN_TYPE),
            Rule::optional(&RAT_TYPE),
            Rule::bounded(&AN_GW_ADDRESS, 0, 2),
            Rule::optional(&TGPP_SGSN_MCC_MNC),
            Rule::optional(&TGPP_USER_LOCATION_INFO),
            Rule::optional(&TGPP_MS_TIMEZONE),
            Rule::any(&CHARGING_RULE_REPORT),
            Rule::optional(&ERROR_MESSAGE),
            Rule::optional(&ERROR_REPORTING_HOST),
            Rule::optional(&FAILED_AVP),
            Rule::any(&PROXY_INFO),
            Rule::any(&CLASS),
        ]),
    },
];

/// The Gx Grouped AVPs.
pub static GROUPS: &[GroupGrammar] = &[
    // TS 29.212 §5.3.2.
    GroupGrammar::new(
        &CHARGING_RULE_INSTALL,
        Grammar::open(&[
            Rule::any(&CHARGING_RULE_DEFINITION),
            Rule::any(&CHARGING_RULE_NAME),
            Rule::any(&CHARGING_RULE_BASE_NAME),
            Rule::optional(&BEARER_IDENTIFIER),
            Rule::optional(&RULE_ACTIVATION_TIME),
            Rule::optional(&RULE_DEACTIVATION_TIME),
            Rule::optional(&RESOURCE_ALLOCATION_NOTIFICATION),
            Rule::optional(&IP_CAN_TYPE),
        ]),
    ),
    // TS 29.212 §5.3.3.
    GroupGrammar::new(
        &CHARGING_RULE_REMOVE,
        Grammar::open(&[
            Rule::any(&CHARGING_RULE_NAME),
            Rule::any(&CHARGING_RULE_BASE_NAME),
        ]),
    ),
    // TS 29.212 §5.3.4.
    GroupGrammar::new(
        &CHARGING_RULE_DEFINITION,
        Grammar::open(&[
            Rule::required(&CHARGING_RULE_NAME),
            Rule::optional(&SERVICE_IDENTIFIER),
            Rule::optional(&RATING_GROUP),
            Rule::any(&FLOW_INFORMATION),
            Rule::optional(&QOS_INFORMATION),
            Rule::optional(&REPORTING_LEVEL),
            Rule::optional(&ONLINE),
            Rule::optional(&OFFLINE),
            Rule::optional(&METERING_METHOD),
            Rule::optional(&PRECEDENCE),
            Rule::optional(&MONITORING_KEY),
        ]),
    ),
    // TS 29.212 §5.3.18.
    GroupGrammar::new(
        &CHARGING_RULE_REPORT,
        Grammar::open(&[
            Rule::any(&CHARGING_RULE_NAME),
            Rule::any(&CHARGING_RULE_BASE_NAME),
            Rule::optional(&BEARER_IDENTIFIER),
            Rule::optional(&PCC_RULE_STATUS),
            Rule::optional(&RULE_FAILURE_CODE),
            Rule::optional(&FINAL_UNIT_INDICATION),
        ]),
    ),
    // TS 29.212 §5.3.48.
    GroupGrammar::new(
        &DEFAULT_EPS_BEARER_QOS,
        Grammar::open(&[
            Rule::optional(&QOS_CLASS_IDENTIFIER),
            Rule::optional(&ALLOCATION_RETENTION_PRIORITY),
        ]),
    ),
    // TS 29.212 §5.3.53.
    GroupGrammar::new(
        &FLOW_INFORMATION,
        Grammar::open(&[
            Rule::optional(&FLOW_DESCRIPTION),
            Rule::optional(&PACKET_FILTER_IDENTIFIER),
            Rule::optional(&TOS_TRAFFIC_CLASS),
            Rule::optional(&SECURITY_PARAMETER_INDEX),
            Rule::optional(&FLOW_LABEL),
            Rule::optional(&FLOW_DIRECTION),
        ]),
    ),
    // TS 29.212 §5.3.56.
    GroupGrammar::new(
        &PACKET_FILTER_INFORMATION,
        Grammar::open(&[
            Rule::optional(&PACKET_FILTER_IDENTIFIER),
            Rule::optional(&PRECEDENCE),
            Rule::optional(&PACKET_FILTER_CONTENT),
            Rule::optional(&TOS_TRAFFIC_CLASS),
            Rule::optional(&SECURITY_PARAMETER_INDEX),
            Rule::optional(&FLOW_LABEL),
            Rule::optional(&FLOW_DIRECTION),
        ]),
    ),
    // TS 29.212 §5.3.60.
    GroupGrammar::new(
        &USAGE_MONITORING_INFORMATION,
        Grammar::open(&[
            Rule::optional(&MONITORING_KEY),
            Rule::bounded(&GRANTED_SERVICE_UNIT, 0, 2),
            Rule::bounded(&USED_SERVICE_UNIT, 0, 2),
            Rule::optional(&QUOTA_CONSUMPTION_TIME),
            Rule::optional(&USAGE_MONITORING_LEVEL),
            Rule::optional(&USAGE_MONITORING_REPORT),
            Rule::optional(&USAGE_MONITORING_SUPPORT),
        ]),
    ),
];
