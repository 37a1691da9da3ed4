//! Grammars of the S6a/S6d application (3GPP TS 29.272 §7.2, §7.3) and of
//! the Grouped AVPs it borrows from TS 29.212, TS 29.229, RFC 4004 and
//! RFC 5447.
//!
//! Members that a CCF lists but the dictionary lacks (DRMP, Load,
//! Supported-Services, SCEF-ID, ...) are admitted through `*[ AVP ]`
//! without the M bit, and answered 5001 with it, like any unknown AVP; the
//! DOIC AVPs (OC-Supported-Features, OC-OLR) are admitted the same way, and
//! their members checked by the grammars of `doic`.

use crate::dict::application as app;
use crate::dict::base::*;
use crate::dict::cc::{
    MIP6_AGENT_INFO, MIP_HOME_AGENT_ADDRESS, MIP_HOME_AGENT_HOST, SERVICE_SELECTION,
};
use crate::dict::command as cmd;
use crate::dict::grammar::{CommandGrammar, Grammar, GroupGrammar, Rule};
use crate::dict::gy::{SERVED_PARTY_IP_ADDRESS, TGPP_CHARGING_CHARACTERISTICS};
use crate::dict::s6a::*;
use crate::dict::AvpDef;

/// S6a Enumerated AVPs whose value sets are closed, so that any other value
/// is answered 5004 DIAMETER_INVALID_AVP_VALUE.
///
/// Closed are the values a receiver's procedure branches on and that
/// TS 29.272 fixes: Cancellation-Type (§7.3.24: which detach the MME or
/// SGSN performs on a CLR), Subscriber-Status (§7.3.29) and
/// All-APN-Configurations-Included-Indicator (§7.3.33: replace or merge the
/// stored APN configurations). Open are the enumerations later releases
/// keep extending, whose unknown values a receiver treats as "not
/// supported": RAT-Type and QoS-Class-Identifier (owned by TS 29.212, with
/// values added in almost every release), PDN-Type, and the capability
/// indicators.
pub static CLOSED_ENUMS: &[&AvpDef] = &[
    &CANCELLATION_TYPE,
    &SUBSCRIBER_STATUS,
    &ALL_APN_CONFIGURATIONS_INCLUDED_INDICATOR,
];

/// OctetString AVPs of a fixed size, and that size: the zero-filled
/// placeholder of a missing one in Failed-AVP must be that long (RFC 6733
/// §7.5 "of correct minimum length").
pub static FIXED_OCTETS: &[(&AvpDef, usize)] = &[
    (&VISITED_PLMN_ID, 3), // §7.3.9: MCC and MNC in 3 octets
    (&RAND, 16),           // §7.3.53
    (&XRES, 4),            // §7.3.54: 4 to 16 octets
    (&AUTN, 16),           // §7.3.55
    (&KASME, 32),          // §7.3.56
    (&KC, 8),              // §7.3.59
    (&SRES, 4),            // §7.3.60
];

/// An S6a/S6d command: proxiable, application 16777251.
const fn command(code: u32, request: Grammar, answer: Grammar) -> CommandGrammar {
    CommandGrammar {
        code,
        application_id: Some(app::S6A),
        proxiable: true,
        request,
        answer,
    }
}

/// The eight S6a/S6d command pairs (TS 29.272 §7.2.3–§7.2.18).
pub static COMMANDS: &[CommandGrammar] = &[
    // §7.2.3 ULR, §7.2.4 ULA.
    command(
        cmd::UPDATE_LOCATION,
        request!(
            optional;
            Rule::optional(&DESTINATION_HOST),
            Rule::required(&USER_NAME),
            Rule::optional(&TERMINAL_INFORMATION),
            Rule::required(&RAT_TYPE),
            Rule::required(&ULR_FLAGS),
            Rule::optional(&UE_SRVCC_CAPABILITY),
            Rule::required(&VISITED_PLMN_ID),
            Rule::optional(&SGSN_NUMBER),
            Rule::optional(&HOMOGENEOUS_SUPPORT_OF_IMS_VOICE_OVER_PS_SESSIONS),
            Rule::optional(&GMLC_ADDRESS),
            Rule::any(&ACTIVE_APN),
            Rule::optional(&EQUIVALENT_PLMN_LIST),
            Rule::optional(&MME_NUMBER_FOR_MT_SMS),
            Rule::optional(&SMS_REGISTER_REQUEST),
            Rule::optional(&SGS_MME_IDENTITY),
            Rule::optional(&COUPLED_NODE_DIAMETER_ID),
            Rule::optional(&ADJACENT_PLMNS),
        ),
        answer!(
            optional;
            Rule::optional(&ERROR_DIAGNOSTIC),
            Rule::optional(&ULA_FLAGS),
            Rule::optional(&SUBSCRIPTION_DATA),
            Rule::any(&RESET_ID),
        ),
    ),
    // §7.2.7 CLR, §7.2.8 CLA.
    command(
        cmd::CANCEL_LOCATION,
        request!(
            optional;
            Rule::required(&DESTINATION_HOST),
            Rule::required(&USER_NAME),
            Rule::required(&CANCELLATION_TYPE),
            Rule::optional(&CLR_FLAGS),
        ),
        answer!(optional;),
    ),
    // §7.2.5 AIR, §7.2.6 AIA.
    command(
        cmd::AUTHENTICATION_INFORMATION,
        request!(
            optional;
            Rule::optional(&DESTINATION_HOST),
            Rule::required(&USER_NAME),
            Rule::optional(&REQUESTED_EUTRAN_AUTHENTICATION_INFO),
            Rule::optional(&REQUESTED_UTRAN_GERAN_AUTHENTICATION_INFO),
            Rule::required(&VISITED_PLMN_ID),
            Rule::optional(&AIR_FLAGS),
        ),
        answer!(
            optional;
            Rule::optional(&ERROR_DIAGNOSTIC),
            Rule::optional(&AUTHENTICATION_INFO),
            Rule::optional(&UE_USAGE_TYPE),
        ),
    ),
    // §7.2.9 IDR, §7.2.10 IDA.
    command(
        cmd::INSERT_SUBSCRIBER_DATA,
        request!(
            optional;
            Rule::required(&DESTINATION_HOST),
            Rule::required(&USER_NAME),
            Rule::required(&SUBSCRIPTION_DATA),
            Rule::optional(&IDR_FLAGS),
            Rule::any(&RESET_ID),
        ),
        answer!(
            optional;
            Rule::optional(&IMS_VOICE_OVER_PS_SESSIONS_SUPPORTED),
            Rule::optional(&LAST_UE_ACTIVITY_TIME),
            Rule::optional(&RAT_TYPE),
            Rule::optional(&IDA_FLAGS),
            Rule::optional(&EPS_USER_STATE),
            Rule::optional(&EPS_LOCATION_INFORMATION),
            Rule::optional(&LOCAL_TIME_ZONE),
        ),
    ),
    // §7.2.11 DSR, §7.2.12 DSA.
    command(
        cmd::DELETE_SUBSCRIBER_DATA,
        request!(
            optional;
            Rule::required(&DESTINATION_HOST),
            Rule::required(&USER_NAME),
            Rule::required(&DSR_FLAGS),
            Rule::any(&CONTEXT_IDENTIFIER),
            Rule::optional(&TRACE_REFERENCE),
            Rule::any(&TS_CODE),
            Rule::any(&SS_CODE),
            Rule::optional(&EDRX_RELATED_RAT),
        ),
        answer!(
            optional;
            Rule::optional(&DSA_FLAGS),
        ),
    ),
    // §7.2.13 PUR, §7.2.14 PUA.
    command(
        cmd::PURGE_UE,
        request!(
            optional;
            Rule::optional(&DESTINATION_HOST),
            Rule::required(&USER_NAME),
            Rule::optional(&PUR_FLAGS),
            Rule::optional(&EPS_LOCATION_INFORMATION),
        ),
        answer!(
            optional;
            Rule::optional(&PUA_FLAGS),
        ),
    ),
    // §7.2.15 RSR, §7.2.16 RSA.
    command(
        cmd::RESET,
        request!(
            optional;
            Rule::required(&DESTINATION_HOST),
            Rule::any(&USER_ID),
            Rule::any(&RESET_ID),
            Rule::optional(&SUBSCRIPTION_DATA),
            Rule::optional(&SUBSCRIPTION_DATA_DELETION),
        ),
        answer!(optional;),
    ),
    // §7.2.17 NOR, §7.2.18 NOA.
    command(
        cmd::NOTIFY,
        request!(
            optional;
            Rule::optional(&DESTINATION_HOST),
            Rule::required(&USER_NAME),
            Rule::optional(&TERMINAL_INFORMATION),
            Rule::optional(&MIP6_AGENT_INFO),
            Rule::optional(&VISITED_NETWORK_IDENTIFIER),
            Rule::optional(&CONTEXT_IDENTIFIER),
            Rule::optional(&SERVICE_SELECTION),
            Rule::optional(&ALERT_REASON),
            Rule::optional(&UE_SRVCC_CAPABILITY),
            Rule::optional(&NOR_FLAGS),
            Rule::optional(&HOMOGENEOUS_SUPPORT_OF_IMS_VOICE_OVER_PS_SESSIONS),
        ),
        answer!(optional;),
    ),
];

/// Requested-EUTRAN-Authentication-Info (§7.3.11) and
/// Requested-UTRAN-GERAN-Authentication-Info (§7.3.12) share one CCF.
const REQUESTED_AUTHENTICATION_INFO: Grammar = Grammar::open(&[
    Rule::optional(&NUMBER_OF_REQUESTED_VECTORS),
    Rule::optional(&IMMEDIATE_RESPONSE_PREFERRED),
    Rule::optional(&RE_SYNCHRONIZATION_INFO),
]);

/// The S6a Grouped AVPs.
///
/// UTRAN-Vector (§7.3.19) has no grammar here (and is not descended
/// into): its required Confidentiality-Key and Integrity-Key (TS 29.229)
/// are not in the dictionary, so checking it would answer 5001 to valid
/// vectors.
pub static GROUPS: &[GroupGrammar] = &[
    // §7.3.2.
    GroupGrammar::new(
        &SUBSCRIPTION_DATA,
        Grammar::open(&[
            Rule::optional(&SUBSCRIBER_STATUS),
            Rule::optional(&MSISDN),
            Rule::optional(&A_MSISDN),
            Rule::optional(&STN_SR),
            Rule::optional(&ICS_INDICATOR),
            Rule::optional(&NETWORK_ACCESS_MODE),
            Rule::optional(&OPERATOR_DETERMINED_BARRING),
            Rule::optional(&HPLMN_ODB),
            Rule::bounded(&REGIONAL_SUBSCRIPTION_ZONE_CODE, 0, 10),
            Rule::optional(&ACCESS_RESTRICTION_DATA),
            Rule::optional(&APN_OI_REPLACEMENT),
            Rule::optional(&LCS_INFO),
            Rule::optional(&TELESERVICE_LIST),
            Rule::any(&CALL_BARRING_INFO),
            Rule::optional(&TGPP_CHARGING_CHARACTERISTICS),
            Rule::optional(&AMBR),
            Rule::optional(&APN_CONFIGURATION_PROFILE),
            Rule::optional(&RAT_FREQUENCY_SELECTION_PRIORITY_ID),
            Rule::optional(&TRACE_DATA),
            Rule::optional(&GPRS_SUBSCRIPTION_DATA),
            Rule::any(&CSG_SUBSCRIPTION_DATA),
            Rule::optional(&ROAMING_RESTRICTED_DUE_TO_UNSUPPORTED_FEATURE),
            Rule::optional(&SUBSCRIBED_PERIODIC_RAU_TAU_TIMER),
            Rule::optional(&MPS_PRIORITY),
            Rule::optional(&VPLMN_LIPA_ALLOWED),
            Rule::optional(&RELAY_NODE_INDICATOR),
            Rule::optional(&MDT_USER_CONSENT),
            Rule::optional(&SUBSCRIBED_VSRVCC),
            Rule::optional(&SUBSCRIPTION_DATA_FLAGS),
            Rule::any(&ADJACENT_ACCESS_RESTRICTION_DATA),
            Rule::optional(&DL_BUFFERING_SUGGESTED_PACKET_COUNT),
            Rule::any(&IMSI_GROUP_ID),
            Rule::optional(&UE_USAGE_TYPE),
            Rule::optional(&EMERGENCY_INFO),
            Rule::optional(&V2X_SUBSCRIPTION_DATA),
            Rule::any(&EDRX_CYCLE_LENGTH),
            Rule::optional(&SERVICE_GAP_TIME),
            Rule::optional(&BROADCAST_LOCATION_ASSISTANCE_DATA_TYPES),
            Rule::optional(&AERIAL_UE_SUBSCRIPTION_INFORMATION),
            Rule::optional(&CORE_NETWORK_RESTRICTIONS),
            Rule::any(&PAGING_TIME_WINDOW),
        ]),
    ),
    // §7.3.34.
    GroupGrammar::new(
        &APN_CONFIGURATION_PROFILE,
        Grammar::open(&[
            Rule::required(&CONTEXT_IDENTIFIER),
            Rule::optional(&ADDITIONAL_CONTEXT_ID),
            Rule::required(&ALL_APN_CONFIGURATIONS_INCLUDED_INDICATOR),
            Rule::at_least_once(&APN_CONFIGURATION),
        ]),
    ),
    // §7.3.35.
    GroupGrammar::new(
        &APN_CONFIGURATION,
        Grammar::open(&[
            Rule::required(&CONTEXT_IDENTIFIER),
            Rule::bounded(&SERVED_PARTY_IP_ADDRESS, 0, 2),
            Rule::required(&PDN_TYPE),
            Rule::required(&SERVICE_SELECTION),
            Rule::optional(&EPS_SUBSCRIBED_QOS_PROFILE),
            Rule::optional(&VPLMN_DYNAMIC_ADDRESS_ALLOWED),
            Rule::optional(&MIP6_AGENT_INFO),
            Rule::optional(&VISITED_NETWORK_IDENTIFIER),
            Rule::optional(&PDN_GW_ALLOCATION_TYPE),
            Rule::optional(&TGPP_CHARGING_CHARACTERISTICS),
            Rule::optional(&AMBR),
            Rule::any(&SPECIFIC_APN_INFO),
            Rule::optional(&APN_OI_REPLACEMENT),
            Rule::optional(&SIPTO_PERMISSION),
            Rule::optional(&LIPA_PERMISSION),
            Rule::optional(&RESTORATION_PRIORITY),
            Rule::optional(&SIPTO_LOCAL_NETWORK_PERMISSION),
            Rule::optional(&WLAN_OFFLOADABILITY),
            Rule::optional(&NON_IP_PDN_TYPE_INDICATOR),
            Rule::optional(&NON_IP_DATA_DELIVERY_MECHANISM),
            Rule::optional(&SCEF_REALM),
            Rule::optional(&PREFERRED_DATA_MODE),
            Rule::optional(&PDN_CONNECTION_CONTINUITY),
            Rule::optional(&RDS_INDICATOR),
            Rule::optional(&INTERWORKING_5GS_INDICATOR),
        ]),
    ),
    // §7.3.37.
    GroupGrammar::new(
        &EPS_SUBSCRIBED_QOS_PROFILE,
        Grammar::open(&[
            Rule::required(&QOS_CLASS_IDENTIFIER),
            Rule::required(&ALLOCATION_RETENTION_PRIORITY),
        ]),
    ),
    // TS 29.212 §5.3.32.
    GroupGrammar::new(
        &ALLOCATION_RETENTION_PRIORITY,
        Grammar::closed(&[
            Rule::required(&PRIORITY_LEVEL),
            Rule::optional(&PRE_EMPTION_CAPABILITY),
            Rule::optional(&PRE_EMPTION_VULNERABILITY),
        ]),
    ),
    // §7.3.41.
    GroupGrammar::new(
        &AMBR,
        Grammar::open(&[
            Rule::required(&MAX_REQUESTED_BANDWIDTH_UL),
            Rule::required(&MAX_REQUESTED_BANDWIDTH_DL),
            Rule::optional(&EXTENDED_MAX_REQUESTED_BW_UL),
            Rule::optional(&EXTENDED_MAX_REQUESTED_BW_DL),
        ]),
    ),
    // §7.3.17.
    GroupGrammar::new(
        &AUTHENTICATION_INFO,
        Grammar::open(&[
            Rule::any(&E_UTRAN_VECTOR),
            Rule::any(&UTRAN_VECTOR),
            Rule::any(&GERAN_VECTOR),
        ]),
    ),
    // §7.3.18.
    GroupGrammar::new(
        &E_UTRAN_VECTOR,
        Grammar::open(&[
            Rule::optional(&ITEM_NUMBER),
            Rule::required(&RAND),
            Rule::required(&XRES),
            Rule::required(&AUTN),
            Rule::required(&KASME),
        ]),
    ),
    // §7.3.20.
    GroupGrammar::new(
        &GERAN_VECTOR,
        Grammar::open(&[
            Rule::optional(&ITEM_NUMBER),
            Rule::required(&RAND),
            Rule::required(&SRES),
            Rule::required(&KC),
        ]),
    ),
    // §7.3.11.
    GroupGrammar::new(
        &REQUESTED_EUTRAN_AUTHENTICATION_INFO,
        REQUESTED_AUTHENTICATION_INFO,
    ),
    // §7.3.12.
    GroupGrammar::new(
        &REQUESTED_UTRAN_GERAN_AUTHENTICATION_INFO,
        REQUESTED_AUTHENTICATION_INFO,
    ),
    // TS 29.229 §6.3.29.
    GroupGrammar::new(
        &SUPPORTED_FEATURES,
        Grammar::open(&[
            Rule::required(&VENDOR_ID),
            Rule::required(&FEATURE_LIST_ID),
            Rule::required(&FEATURE_LIST),
        ]),
    ),
    // §7.3.3.
    GroupGrammar::new(
        &TERMINAL_INFORMATION,
        Grammar::open(&[
            Rule::optional(&IMEI),
            Rule::optional(&TGPP2_MEID),
            Rule::optional(&SOFTWARE_VERSION),
        ]),
    ),
    // §7.3.82.
    GroupGrammar::new(
        &SPECIFIC_APN_INFO,
        Grammar::open(&[
            Rule::required(&SERVICE_SELECTION),
            Rule::required(&MIP6_AGENT_INFO),
            Rule::optional(&VISITED_NETWORK_IDENTIFIER),
        ]),
    ),
    // RFC 5447 §4.2.1 (its MIP6-Home-Link-Prefix is not in the dictionary).
    GroupGrammar::new(
        &MIP6_AGENT_INFO,
        Grammar::open(&[
            Rule::bounded(&MIP_HOME_AGENT_ADDRESS, 0, 2),
            Rule::optional(&MIP_HOME_AGENT_HOST),
        ]),
    ),
    // RFC 4004 §7.11.
    GroupGrammar::new(
        &MIP_HOME_AGENT_HOST,
        Grammar::open(&[
            Rule::required(&DESTINATION_REALM),
            Rule::required(&DESTINATION_HOST),
        ]),
    ),
];
