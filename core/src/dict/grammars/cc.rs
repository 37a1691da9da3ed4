//! Grammars of the credit-control application (RFC 4006, updated by
//! RFC 8506 §3) with the Gy/Ro additions of 3GPP TS 32.299 §6.4 and §7.
//!
//! Application 4 serves plain credit control and Gy/Ro alike, so each CCF
//! is the union of the RFC's and TS 32.299's: the 3GPP AVPs are optional
//! and every grammar TS 32.299 extends stays open (`*[ AVP ]`).

use crate::dict::application as app;
use crate::dict::base as b;
use crate::dict::cc::*;
use crate::dict::command as cmd;
use crate::dict::grammar::{CommandGrammar, Grammar, GroupGrammar, Rule};
use crate::dict::{gy, s6a, AvpDef};

/// Credit-control Enumerated AVPs whose value sets are closed, so that any
/// other value is answered 5004 DIAMETER_INVALID_AVP_VALUE.
///
/// RFC 8506 §12 keeps every credit-control enumeration in an IANA registry
/// (new values need a specification), so a value outside the set is one
/// this node cannot act on. Closed are those a server must act on:
/// CC-Request-Type (§8.3: drives the session state machine of §7, 0 is
/// reserved), Requested-Action (§8.41: the action of an EVENT_REQUEST),
/// Subscription-Id-Type (§8.47: unknown values "MUST be treated according
/// to the 'M' flag rule", and the AVP has M set) and CC-Unit-Type (§8.32:
/// what a credit pool counts). Left open: Final-Unit-Action (§8.35 gives
/// TERMINATE as the handling of any unsupported value),
/// User-Equipment-Info-Type (§8.50: IANA may add types, M bit MAY) and the
/// answer-side hints (CC-Session-Failover, failure handling), which a
/// client falls back from.
pub static CLOSED_ENUMS: &[&AvpDef] = &[
    &CC_REQUEST_TYPE,
    &REQUESTED_ACTION,
    &SUBSCRIPTION_ID_TYPE,
    &CC_UNIT_TYPE,
];

/// The credit-control command: CCR and CCA.
pub static COMMANDS: &[CommandGrammar] = &[CommandGrammar {
    code: cmd::CREDIT_CONTROL,
    application_id: Some(app::CREDIT_CONTROL),
    proxiable: true,
    // RFC 8506 §3.1, TS 32.299 §6.4.2.
    request: Grammar::open(&[
        Rule::fixed(&b::SESSION_ID),
        Rule::required(&b::ORIGIN_HOST),
        Rule::required(&b::ORIGIN_REALM),
        Rule::required(&b::DESTINATION_REALM),
        Rule::required(&b::AUTH_APPLICATION_ID),
        Rule::required(&SERVICE_CONTEXT_ID),
        Rule::required(&CC_REQUEST_TYPE),
        Rule::required(&CC_REQUEST_NUMBER),
        Rule::optional(&b::DESTINATION_HOST),
        Rule::optional(&b::USER_NAME),
        Rule::optional(&CC_SUB_SESSION_ID),
        Rule::optional(&b::ACCT_MULTI_SESSION_ID),
        Rule::optional(&b::ORIGIN_STATE_ID),
        Rule::optional(&b::EVENT_TIMESTAMP),
        Rule::any(&SUBSCRIPTION_ID),
        Rule::any(&SUBSCRIPTION_ID_EXTENSION),
        Rule::optional(&SERVICE_IDENTIFIER),
        Rule::optional(&b::TERMINATION_CAUSE),
        Rule::optional(&REQUESTED_SERVICE_UNIT),
        Rule::optional(&REQUESTED_ACTION),
        Rule::optional(&gy::AOC_REQUEST_TYPE),
        Rule::any(&USED_SERVICE_UNIT),
        Rule::optional(&MULTIPLE_SERVICES_INDICATOR),
        Rule::any(&MULTIPLE_SERVICES_CREDIT_CONTROL),
        Rule::any(&SERVICE_PARAMETER_INFO),
        Rule::optional(&CC_CORRELATION_ID),
        Rule::optional(&USER_EQUIPMENT_INFO),
        Rule::optional(&USER_EQUIPMENT_INFO_EXTENSION),
        Rule::any(&b::PROXY_INFO),
        Rule::any(&b::ROUTE_RECORD),
        Rule::optional(&gy::SERVICE_INFORMATION),
    ]),
    // RFC 8506 §3.2, TS 32.299 §6.4.3 (which adds Experimental-Result,
    // Low-Balance-Indication, Remaining-Balance and Service-Information).
    answer: Grammar::open(&[
        Rule::fixed(&b::SESSION_ID),
        Rule::required(&b::RESULT_CODE),
        Rule::optional(&b::EXPERIMENTAL_RESULT),
        Rule::required(&b::ORIGIN_HOST),
        Rule::required(&b::ORIGIN_REALM),
        Rule::required(&b::AUTH_APPLICATION_ID),
        Rule::required(&CC_REQUEST_TYPE),
        Rule::required(&CC_REQUEST_NUMBER),
        Rule::optional(&b::USER_NAME),
        Rule::optional(&CC_SESSION_FAILOVER),
        Rule::optional(&CC_SUB_SESSION_ID),
        Rule::optional(&b::ACCT_MULTI_SESSION_ID),
        Rule::optional(&b::ORIGIN_STATE_ID),
        Rule::optional(&b::EVENT_TIMESTAMP),
        Rule::optional(&GRANTED_SERVICE_UNIT),
        Rule::any(&MULTIPLE_SERVICES_CREDIT_CONTROL),
        Rule::optional(&COST_INFORMATION),
        Rule::optional(&gy::LOW_BALANCE_INDICATION),
        Rule::optional(&gy::REMAINING_BALANCE),
        Rule::optional(&FINAL_UNIT_INDICATION),
        Rule::optional(&QOS_FINAL_UNIT_INDICATION),
        Rule::optional(&CHECK_BALANCE_RESULT),
        Rule::optional(&CREDIT_CONTROL_FAILURE_HANDLING),
        Rule::optional(&DIRECT_DEBITING_FAILURE_HANDLING),
        Rule::optional(&VALIDITY_TIME),
        Rule::any(&b::REDIRECT_HOST),
        Rule::optional(&b::REDIRECT_HOST_USAGE),
        Rule::optional(&b::REDIRECT_MAX_CACHE_TIME),
        Rule::any(&b::PROXY_INFO),
        Rule::any(&b::ROUTE_RECORD),
        Rule::any(&b::FAILED_AVP),
        Rule::optional(&gy::SERVICE_INFORMATION),
    ]),
}];

/// The unit AVPs shared by Granted-, Requested- and Used-Service-Unit
/// (RFC 8506 §8.17–§8.19), between the rules that come before and after
/// them in each; all three grammars end in `*[ AVP ]`.
macro_rules! service_unit {
    ([$($before:expr,)*], [$($after:expr,)*]) => {
        Grammar::open(&[
            $($before,)*
            Rule::optional(&CC_TIME),
            Rule::optional(&CC_MONEY),
            Rule::optional(&CC_TOTAL_OCTETS),
            Rule::optional(&CC_INPUT_OCTETS),
            Rule::optional(&CC_OUTPUT_OCTETS),
            Rule::optional(&CC_SERVICE_SPECIFIC_UNITS),
            $($after,)*
        ])
    };
}

/// The credit-control and Gy Grouped AVPs.
///
/// Without a grammar here (not descended into): AF-Correlation-Information
/// and the IMS-Information tree, whose required members the dictionary
/// lacks.
pub static GROUPS: &[GroupGrammar] = &[
    // RFC 8506 §8.16 with TS 32.299 §7.1.9's additions.
    GroupGrammar::new(
        &MULTIPLE_SERVICES_CREDIT_CONTROL,
        Grammar::open(&[
            Rule::optional(&GRANTED_SERVICE_UNIT),
            Rule::optional(&REQUESTED_SERVICE_UNIT),
            Rule::any(&USED_SERVICE_UNIT),
            Rule::optional(&TARIFF_CHANGE_USAGE),
            Rule::any(&SERVICE_IDENTIFIER),
            Rule::optional(&RATING_GROUP),
            Rule::any(&G_S_U_POOL_REFERENCE),
            Rule::optional(&VALIDITY_TIME),
            Rule::optional(&b::RESULT_CODE),
            Rule::optional(&FINAL_UNIT_INDICATION),
            Rule::optional(&QOS_FINAL_UNIT_INDICATION),
            Rule::optional(&gy::TIME_QUOTA_THRESHOLD),
            Rule::optional(&gy::VOLUME_QUOTA_THRESHOLD),
            Rule::optional(&gy::UNIT_QUOTA_THRESHOLD),
            Rule::optional(&gy::QUOTA_HOLDING_TIME),
            Rule::optional(&gy::QUOTA_CONSUMPTION_TIME),
            Rule::any(&gy::REPORTING_REASON),
            Rule::optional(&gy::TRIGGER),
            Rule::optional(&gy::PS_FURNISH_CHARGING_INFORMATION),
            Rule::optional(&gy::REFUND_INFORMATION),
            Rule::any(&gy::AF_CORRELATION_INFORMATION),
            Rule::any(&gy::ENVELOPE),
            Rule::optional(&gy::ENVELOPE_REPORTING),
            Rule::optional(&gy::TIME_QUOTA_MECHANISM),
            Rule::any(&gy::SERVICE_SPECIFIC_INFO),
            Rule::optional(&gy::QOS_INFORMATION),
            Rule::optional(&gy::TGPP_RAT_TYPE),
        ]),
    ),
    // RFC 8506 §8.17.
    GroupGrammar::new(
        &GRANTED_SERVICE_UNIT,
        service_unit!([Rule::optional(&TARIFF_TIME_CHANGE),], []),
    ),
    // RFC 8506 §8.18.
    GroupGrammar::new(&REQUESTED_SERVICE_UNIT, service_unit!([], [])),
    // RFC 8506 §8.19 with TS 32.299 §7.1.11's Reporting-Reason and
    // Event-Charging-TimeStamp.
    GroupGrammar::new(
        &USED_SERVICE_UNIT,
        service_unit!(
            [
                Rule::optional(&gy::REPORTING_REASON),
                Rule::optional(&TARIFF_CHANGE_USAGE),
            ],
            [Rule::any(&gy::EVENT_CHARGING_TIMESTAMP),]
        ),
    ),
    // RFC 8506 §8.22.
    GroupGrammar::new(
        &CC_MONEY,
        Grammar::closed(&[Rule::required(&UNIT_VALUE), Rule::optional(&CURRENCY_CODE)]),
    ),
    // RFC 8506 §8.8.
    GroupGrammar::new(
        &UNIT_VALUE,
        Grammar::closed(&[Rule::required(&VALUE_DIGITS), Rule::optional(&EXPONENT)]),
    ),
    // RFC 8506 §8.7.
    GroupGrammar::new(
        &COST_INFORMATION,
        Grammar::closed(&[
            Rule::required(&UNIT_VALUE),
            Rule::required(&CURRENCY_CODE),
            Rule::optional(&COST_UNIT),
        ]),
    ),
    // RFC 8506 §8.30.
    GroupGrammar::new(
        &G_S_U_POOL_REFERENCE,
        Grammar::closed(&[
            Rule::required(&G_S_U_POOL_IDENTIFIER),
            Rule::required(&CC_UNIT_TYPE),
            Rule::required(&UNIT_VALUE),
        ]),
    ),
    // RFC 8506 §8.34.
    GroupGrammar::new(
        &FINAL_UNIT_INDICATION,
        Grammar::closed(&[
            Rule::required(&FINAL_UNIT_ACTION),
            Rule::any(&RESTRICTION_FILTER_RULE),
            Rule::any(&FILTER_ID),
            Rule::optional(&REDIRECT_SERVER),
        ]),
    ),
    // RFC 8506 §8.68 (its Filter-Rule is not in the dictionary).
    GroupGrammar::new(
        &QOS_FINAL_UNIT_INDICATION,
        Grammar::open(&[
            Rule::required(&FINAL_UNIT_ACTION),
            Rule::any(&FILTER_ID),
            Rule::optional(&REDIRECT_SERVER_EXTENSION),
        ]),
    ),
    // RFC 8506 §8.37.
    GroupGrammar::new(
        &REDIRECT_SERVER,
        Grammar::closed(&[
            Rule::required(&REDIRECT_ADDRESS_TYPE),
            Rule::required(&REDIRECT_SERVER_ADDRESS),
        ]),
    ),
    // RFC 8506 §8.64.
    GroupGrammar::new(
        &REDIRECT_SERVER_EXTENSION,
        Grammar::open(&[
            Rule::optional(&REDIRECT_ADDRESS_IPADDRESS),
            Rule::optional(&REDIRECT_ADDRESS_URL),
            Rule::optional(&REDIRECT_ADDRESS_SIP_URI),
        ]),
    ),
    // RFC 8506 §8.43.
    GroupGrammar::new(
        &SERVICE_PARAMETER_INFO,
        Grammar::closed(&[
            Rule::required(&SERVICE_PARAMETER_TYPE),
            Rule::required(&SERVICE_PARAMETER_VALUE),
        ]),
    ),
    // RFC 8506 §8.46.
    GroupGrammar::new(
        &SUBSCRIPTION_ID,
        Grammar::closed(&[
            Rule::required(&SUBSCRIPTION_ID_TYPE),
            Rule::required(&SUBSCRIPTION_ID_DATA),
        ]),
    ),
    // RFC 8506 §8.58.
    GroupGrammar::new(
        &SUBSCRIPTION_ID_EXTENSION,
        Grammar::open(&[
            Rule::optional(&SUBSCRIPTION_ID_E164),
            Rule::optional(&SUBSCRIPTION_ID_IMSI),
            Rule::optional(&SUBSCRIPTION_ID_SIP_URI),
            Rule::optional(&SUBSCRIPTION_ID_NAI),
            Rule::optional(&SUBSCRIPTION_ID_PRIVATE),
        ]),
    ),
    // RFC 8506 §8.49.
    GroupGrammar::new(
        &USER_EQUIPMENT_INFO,
        Grammar::closed(&[
            Rule::required(&USER_EQUIPMENT_INFO_TYPE),
            Rule::required(&USER_EQUIPMENT_INFO_VALUE),
        ]),
    ),
    // RFC 8506 §8.52.
    GroupGrammar::new(
        &USER_EQUIPMENT_INFO_EXTENSION,
        Grammar::open(&[
            Rule::optional(&USER_EQUIPMENT_INFO_IMEISV),
            Rule::optional(&USER_EQUIPMENT_INFO_MAC),
            Rule::optional(&USER_EQUIPMENT_INFO_EUI64),
            Rule::optional(&USER_EQUIPMENT_INFO_MODIFIED_EUI64),
            Rule::optional(&USER_EQUIPMENT_INFO_IMEI),
        ]),
    ),
    // TS 32.299 §7.2.192: the other services' *-Information AVPs are not
    // in the dictionary, hence open.
    GroupGrammar::new(
        &gy::SERVICE_INFORMATION,
        Grammar::open(&[
            Rule::any(&SUBSCRIPTION_ID),
            Rule::optional(&gy::AOC_INFORMATION),
            Rule::optional(&gy::PS_INFORMATION),
            Rule::optional(&gy::IMS_INFORMATION),
        ]),
    ),
    // TS 32.299 §7.2.158: the members the dictionary has, hence open.
    GroupGrammar::new(
        &gy::PS_INFORMATION,
        Grammar::open(&[
            Rule::any(&s6a::SUPPORTED_FEATURES),
            Rule::optional(&gy::TGPP_CHARGING_ID),
            Rule::optional(&gy::PDN_CONNECTION_CHARGING_ID),
            Rule::optional(&gy::NODE_ID),
            Rule::optional(&gy::TGPP_PDP_TYPE),
            Rule::any(&gy::PDP_ADDRESS),
            Rule::optional(&gy::DYNAMIC_ADDRESS_FLAG),
            Rule::optional(&gy::DYNAMIC_ADDRESS_FLAG_EXTENSION),
            Rule::optional(&gy::QOS_INFORMATION),
            Rule::any(&gy::SGSN_ADDRESS),
            Rule::any(&gy::GGSN_ADDRESS),
            Rule::any(&gy::SGW_ADDRESS),
            Rule::optional(&gy::CG_ADDRESS),
            Rule::optional(&gy::SERVING_NODE_TYPE),
            Rule::optional(&gy::SGW_CHANGE),
            Rule::optional(&gy::TGPP_IMSI_MCC_MNC),
            Rule::optional(&gy::TGPP_GGSN_MCC_MNC),
            Rule::optional(&gy::TGPP_NSAPI),
            Rule::optional(&CALLED_STATION_ID),
            Rule::optional(&gy::TGPP_SESSION_STOP_INDICATOR),
            Rule::optional(&gy::TGPP_SELECTION_MODE),
            Rule::optional(&gy::TGPP_CHARGING_CHARACTERISTICS),
            Rule::optional(&gy::CHARGING_CHARACTERISTICS_SELECTION_MODE),
            Rule::optional(&gy::TGPP_SGSN_MCC_MNC),
            Rule::optional(&gy::TGPP_MS_TIMEZONE),
            Rule::optional(&gy::CHARGING_RULE_BASE_NAME),
            Rule::optional(&gy::TGPP_USER_LOCATION_INFO),
            Rule::optional(&gy::USER_CSG_INFORMATION),
            Rule::optional(&gy::TGPP_RAT_TYPE),
            Rule::optional(&gy::PS_FURNISH_CHARGING_INFORMATION),
            Rule::optional(&gy::PDP_CONTEXT_TYPE),
            Rule::optional(&USER_EQUIPMENT_INFO),
            Rule::optional(&s6a::TERMINAL_INFORMATION),
            Rule::optional(&s6a::MME_NUMBER_FOR_MT_SMS),
            Rule::optional(&gy::TGPP_PS_DATA_OFF_STATUS),
        ]),
    ),
    // TS 29.212 §5.3.16: the members the dictionary has, hence open.
    GroupGrammar::new(
        &gy::QOS_INFORMATION,
        Grammar::open(&[
            Rule::optional(&s6a::QOS_CLASS_IDENTIFIER),
            Rule::optional(&s6a::MAX_REQUESTED_BANDWIDTH_UL),
            Rule::optional(&s6a::MAX_REQUESTED_BANDWIDTH_DL),
            Rule::optional(&s6a::EXTENDED_MAX_REQUESTED_BW_UL),
            Rule::optional(&s6a::EXTENDED_MAX_REQUESTED_BW_DL),
            Rule::optional(&gy::GUARANTEED_BITRATE_UL),
            Rule::optional(&gy::GUARANTEED_BITRATE_DL),
            Rule::optional(&gy::BEARER_IDENTIFIER),
            Rule::optional(&s6a::ALLOCATION_RETENTION_PRIORITY),
            Rule::optional(&gy::APN_AGGREGATE_MAX_BITRATE_UL),
            Rule::optional(&gy::APN_AGGREGATE_MAX_BITRATE_DL),
        ]),
    ),
    // TS 32.299 §7.2.235.
    GroupGrammar::new(
        &gy::TRIGGER,
        Grammar::closed(&[Rule::any(&gy::TRIGGER_TYPE)]),
    ),
    // TS 32.299 §7.2.59.
    GroupGrammar::new(
        &gy::ENVELOPE,
        Grammar::closed(&[
            Rule::required(&gy::ENVELOPE_START_TIME),
            Rule::optional(&gy::ENVELOPE_END_TIME),
            Rule::optional(&CC_TOTAL_OCTETS),
            Rule::optional(&CC_INPUT_OCTETS),
            Rule::optional(&CC_OUTPUT_OCTETS),
            Rule::optional(&CC_SERVICE_SPECIFIC_UNITS),
        ]),
    ),
    // TS 32.299 §7.2.228.
    GroupGrammar::new(
        &gy::TIME_QUOTA_MECHANISM,
        Grammar::closed(&[
            Rule::required(&gy::TIME_QUOTA_TYPE),
            Rule::required(&gy::BASE_TIME_INTERVAL),
        ]),
    ),
    // TS 32.299 §7.2.172.
    GroupGrammar::new(
        &gy::REMAINING_BALANCE,
        Grammar::closed(&[Rule::required(&UNIT_VALUE), Rule::required(&CURRENCY_CODE)]),
    ),
    // TS 32.299 §7.2.15: Tariff-Information and AoC-Subscription-Information
    // are not in the dictionary, hence open.
    GroupGrammar::new(
        &gy::AOC_INFORMATION,
        Grammar::open(&[Rule::optional(&gy::AOC_COST_INFORMATION)]),
    ),
    // TS 32.299 §7.2.13: Accumulated-Cost and Incremental-Cost are not in
    // the dictionary, hence open.
    GroupGrammar::new(
        &gy::AOC_COST_INFORMATION,
        Grammar::open(&[Rule::optional(&CURRENCY_CODE)]),
    ),
    // TS 32.299 §7.2.195.
    GroupGrammar::new(
        &gy::SERVICE_SPECIFIC_INFO,
        Grammar::closed(&[
            Rule::optional(&gy::SERVICE_SPECIFIC_DATA),
            Rule::optional(&gy::SERVICE_SPECIFIC_TYPE),
        ]),
    ),
    // TS 32.299 §7.2.157.
    GroupGrammar::new(
        &gy::PS_FURNISH_CHARGING_INFORMATION,
        Grammar::closed(&[
            Rule::required(&gy::TGPP_CHARGING_ID),
            Rule::required(&gy::PS_FREE_FORMAT_DATA),
            Rule::optional(&gy::PS_APPEND_FREE_FORMAT_DATA),
        ]),
    ),
    // TS 32.299 §7.2.240A.
    GroupGrammar::new(
        &gy::USER_CSG_INFORMATION,
        Grammar::closed(&[
            Rule::required(&s6a::CSG_ID),
            Rule::required(&gy::CSG_ACCESS_MODE),
            Rule::optional(&gy::CSG_MEMBERSHIP_INDICATION),
        ]),
    ),
];
