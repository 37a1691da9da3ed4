//! Writing the base protocol messages the peer sends (RFC 6733 §5.3 – §5.5).

use super::action::{BaseMessage, Ids};
use super::cer::{AppId, LocalIdentity};
use crate::dict::{application, base, command};
use crate::validate::FailedAvp;
use crate::wire::{flags, Header, MessageWriter, Result};

/// Writes `msg` with identifiers `ids` into `buf`, from this node's
/// identity `local`; returns the message length.
///
/// Requests get the R bit; answers with a 3xxx Result-Code get the E bit
/// (RFC 6733 §7.1.3). CER and CEA carry every capability of `local`
/// (§5.3.1, §5.3.2), Inband-Security-Id included when
/// [`LocalIdentity::advertises_security`] (§6.10), a CEA its Failed-AVP when it has one (§7.5); DWR, DWA carry Origin-State-Id when `local` has one
/// (§5.5.1, §5.5.2); DPR carries the Disconnect-Cause (§5.4.1). The
/// identifiers are those of [`Action::Send`](super::Action::Send).
///
/// # Errors
/// [`ErrorKind::BufferTooSmall`](crate::wire::ErrorKind::BufferTooSmall)
/// with the size needed.
pub fn write_base(
    buf: &mut [u8],
    local: &LocalIdentity<'_>,
    msg: BaseMessage,
    ids: Ids,
) -> Result<usize> {
    let (code, result_code) = match msg {
        BaseMessage::Cer => (command::CAPABILITIES_EXCHANGE, None),
        BaseMessage::Cea { result_code, .. } => (command::CAPABILITIES_EXCHANGE, Some(result_code)),
        BaseMessage::Dwr => (command::DEVICE_WATCHDOG, None),
        BaseMessage::Dwa { result_code } => (command::DEVICE_WATCHDOG, Some(result_code)),
        BaseMessage::Dpr { .. } => (command::DISCONNECT_PEER, None),
        BaseMessage::Dpa { result_code } => (command::DISCONNECT_PEER, Some(result_code)),
    };
    // Requests carry no Result-Code.
    let header_flags = match result_code {
        None => flags::REQUEST,
        Some(rc) if (3000..4000).contains(&rc) => flags::ERROR,
        Some(_) => 0,
    };
    let header = Header::new(
        header_flags,
        code,
        application::COMMON,
        ids.hop_by_hop,
        ids.end_to_end,
    );
    let mut w = MessageWriter::new(buf, header);
    if let Some(rc) = result_code {
        w.u32(base::RESULT_CODE.head(), rc);
    }
    w.identity(base::ORIGIN_HOST.head(), local.origin_host)
        .identity(base::ORIGIN_REALM.head(), local.origin_realm);
    match msg {
        BaseMessage::Cer => capabilities(&mut w, local, None),
        BaseMessage::Cea { failed, .. } => capabilities(&mut w, local, failed),
        BaseMessage::Dwr | BaseMessage::Dwa { .. } => {
            if let Some(id) = local.origin_state_id {
                w.u32(base::ORIGIN_STATE_ID.head(), id);
            }
        }
        BaseMessage::Dpr { cause } => {
            w.enumerated(base::DISCONNECT_CAUSE.head(), cause as i32);
        }
        BaseMessage::Dpa { .. } => {}
    }
    w.finish()
}

/// The CER/CEA AVPs after Origin-Host and Origin-Realm, in the order of
/// their CCFs (RFC 6733 §5.3.1, §5.3.2), with the Failed-AVP of a CEA.
fn capabilities(w: &mut MessageWriter<'_>, local: &LocalIdentity<'_>, failed: Option<FailedAvp>) {
    for &addr in local.host_ip_addresses {
        w.address(base::HOST_IP_ADDRESS.head(), addr);
    }
    w.u32(base::VENDOR_ID.head(), local.vendor_id)
        .utf8(base::PRODUCT_NAME.head(), local.product_name);
    if let Some(id) = local.origin_state_id {
        w.u32(base::ORIGIN_STATE_ID.head(), id);
    }
    if let Some(failed) = failed {
        failed.write(w);
    }
    for &v in local.supported_vendor_ids {
        w.u32(base::SUPPORTED_VENDOR_ID.head(), v);
    }
    for &id in local.auth_application_ids {
        w.u32(base::AUTH_APPLICATION_ID.head(), id);
    }
    if local.advertises_security() {
        for &id in local.security_offer() {
            w.u32(base::INBAND_SECURITY_ID.head(), id);
        }
    }
    for &id in local.acct_application_ids {
        w.u32(base::ACCT_APPLICATION_ID.head(), id);
    }
    for v in local.vendor_specific_application_ids {
        w.grouped(base::VENDOR_SPECIFIC_APPLICATION_ID.head(), |w| {
            w.u32(base::VENDOR_ID.head(), v.vendor_id);
            match v.app {
                AppId::Auth(id) => w.u32(base::AUTH_APPLICATION_ID.head(), id),
                AppId::Acct(id) => w.u32(base::ACCT_APPLICATION_ID.head(), id),
            };
        });
    }
    if let Some(rev) = local.firmware_revision {
        w.u32(base::FIRMWARE_REVISION.head(), rev);
    }
}
