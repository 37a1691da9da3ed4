//! `diameter subscribers`: the HSS's subscribers in its store. Changes to a
//! registered subscriber reach its MME through the running HSS, which reads
//! the store's change log (IDR, DSR, CLR).

use std::path::PathBuf;
use std::process::ExitCode;

use serde_json::json;

use super::{hex16, hex2};
use crate::s6a::ids::{self, imsi_plus};
use crate::s6a::milenage::Milenage;
use crate::s6a::profile::{self as p, Ambr, Apn, Arp, Profile};
use crate::s6a::store::{Db, Durability, Registration, Subscriber};

/// Arguments of `diameter subscribers`.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// The HSS store (created when absent): an SQLite file, or a
    /// PostgreSQL database shared by several HSS nodes, as a libpq URL
    /// (`postgres://user@host:port/db`).
    #[arg(long, value_name = "PATH|URL")]
    pub db: PathBuf,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The operations on subscribers.
#[derive(Debug, Clone, clap::Subcommand)]
pub enum Command {
    /// Add a subscriber (or `--count` of them with consecutive IMSIs and MSISDNs).
    Add(AddArgs),
    /// List the subscribers.
    List {
        /// One JSON object per line.
        #[arg(long)]
        json: bool,
    },
    /// Show one subscriber and where it is registered.
    Show {
        /// IMSI.
        imsi: String,
        /// As JSON.
        #[arg(long)]
        json: bool,
    },
    /// Change a subscriber; its MME gets an IDR (a DSR for removed APNs).
    Set(SetArgs),
    /// Delete a subscriber; its MME gets a CLR (SUBSCRIPTION_WITHDRAWAL).
    Delete {
        /// IMSI.
        imsi: String,
    },
}

/// Arguments of `subscribers add`.
#[derive(Debug, Clone, clap::Args)]
pub struct AddArgs {
    /// IMSI (the first one with `--count`).
    pub imsi: String,
    /// How many subscribers to add.
    #[arg(long, default_value_t = 1)]
    pub count: u64,
    /// The subscriber's data.
    #[command(flatten)]
    pub fields: Fields,
}

/// Arguments of `subscribers set`.
#[derive(Debug, Clone, clap::Args)]
pub struct SetArgs {
    /// IMSI.
    pub imsi: String,
    /// What changes.
    #[command(flatten)]
    pub fields: Fields,
    /// Remove the APN configuration with this name.
    #[arg(long, value_name = "NAME")]
    pub remove_apn: Vec<String>,
}

/// A subscriber's data; what is absent keeps its value (or default).
#[derive(Debug, Clone, clap::Args)]
pub struct Fields {
    /// Subscriber key K (32 hex digits).
    #[arg(long, value_parser = hex16)]
    pub k: Option<[u8; 16]>,
    /// OPc (32 hex digits).
    #[arg(long, value_parser = hex16, conflicts_with = "op")]
    pub opc: Option<[u8; 16]>,
    /// OP (32 hex digits), from which OPc is derived (TS 35.206 §4.1).
    #[arg(long, value_parser = hex16)]
    pub op: Option<[u8; 16]>,
    /// Authentication management field (4 hex digits; 8000 when added).
    #[arg(long, value_parser = hex2)]
    pub amf: Option<[u8; 2]>,
    /// Sequence number SQN_HE (0 when added).
    #[arg(long)]
    pub sqn: Option<u64>,
    /// MSISDN (digits).
    #[arg(long)]
    pub msisdn: Option<String>,
    /// APN configuration `NAME[:qci=N,arp=N,pdn=ipv4|ipv6|ipv4v6,ul=BPS,dl=BPS]`;
    /// repeatable; replaces the one with the same name.
    #[arg(long, value_name = "SPEC")]
    pub apn: Vec<String>,
    /// The default APN (the first one when added).
    #[arg(long, value_name = "NAME")]
    pub default_apn: Option<String>,
    /// UE-AMBR uplink, bits per second.
    #[arg(long, value_name = "BPS")]
    pub ambr_ul: Option<u32>,
    /// UE-AMBR downlink, bits per second.
    #[arg(long, value_name = "BPS")]
    pub ambr_dl: Option<u32>,
    /// Subscriber-Status.
    #[arg(long, value_parser = ["granted", "barred"])]
    pub status: Option<String>,
    /// Network-Access-Mode.
    #[arg(long, value_parser = ["packet-and-circuit", "packet-only"])]
    pub network_access_mode: Option<String>,
    /// Access-Restriction-Data bits (TS 29.272 §7.3.31; 16 = no E-UTRAN).
    #[arg(long, value_name = "BITS")]
    pub access_restriction: Option<u32>,
    /// Whether the subscriber may register in other PLMNs (true when added).
    #[arg(long, value_name = "BOOL")]
    pub roaming_allowed: Option<bool>,
}

/// Runs `diameter subscribers`.
pub fn run(args: &Args) -> ExitCode {
    let result = Db::open(&args.db, Durability::Full)
        .map_err(|e| e.to_string())
        .and_then(|mut store| match &args.command {
            Command::Add(a) => add(&mut store, a),
            Command::List { json } => list(&mut store, *json),
            Command::Show { imsi, json } => show(&mut store, imsi, *json),
            Command::Set(a) => set(&mut store, a),
            Command::Delete { imsi } => match store.delete(imsi) {
                Ok(true) => Ok(()),
                Ok(false) => Err(format!("no subscriber {imsi}")),
                Err(e) => Err(e.to_string()),
            },
        });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("diameter subscribers: {e}");
            ExitCode::FAILURE
        }
    }
}

fn add(store: &mut Db, a: &AddArgs) -> Result<(), String> {
    let f = &a.fields;
    let k = f.k.ok_or("--k is required")?;
    if f.opc.is_none() && f.op.is_none() {
        return Err("--opc or --op is required".into());
    }
    if !ids::is_imsi(&a.imsi) {
        return Err(format!("{:?} is not an IMSI", a.imsi));
    }
    let template = Subscriber {
        imsi: a.imsi.clone(),
        k,
        opc: [0; 16],
        op: None,
        amf: [0x80, 0],
        sqn: 0,
        roaming_allowed: true,
        profile: Profile {
            ambr: Ambr {
                ul: 100_000_000,
                dl: 100_000_000,
            },
            network_access_mode: p::ONLY_PACKET,
            ..Profile::default()
        },
    };
    let template = apply(template, f, &[])?;
    let mut subs = Vec::new();
    for i in 0..a.count {
        let mut s = template.clone();
        s.imsi = imsi_plus(&a.imsi, i).ok_or("the IMSI range overflows")?;
        if let Some(m) = &template.profile.msisdn {
            s.profile.msisdn = Some(imsi_plus(m, i).ok_or("the MSISDN range overflows")?);
        }
        subs.push(s);
    }
    store.insert(&subs).map_err(|e| e.to_string())
}

fn set(store: &mut Db, a: &SetArgs) -> Result<(), String> {
    let s = store
        .subscriber(&a.imsi)
        .map_err(|e| e.to_string())?
        .ok_or_else(|| format!("no subscriber {}", a.imsi))?;
    let s = apply(s, &a.fields, &a.remove_apn)?;
    store.update(&s).map_err(|e| e.to_string())
}

/// `s` with the given fields changed and the named APNs removed.
fn apply(mut s: Subscriber, f: &Fields, remove: &[String]) -> Result<Subscriber, String> {
    if let Some(k) = f.k {
        s.k = k;
    }
    if let Some(op) = f.op {
        s.op = Some(op);
        s.opc = Milenage::opc(&s.k, &op);
    } else if let Some(opc) = f.opc {
        s.op = None;
        s.opc = opc;
    } else if let Some(op) = s.op {
        s.opc = Milenage::opc(&s.k, &op);
    }
    if let Some(amf) = f.amf {
        s.amf = amf;
    }
    if let Some(sqn) = f.sqn {
        s.sqn = sqn;
    }
    if let Some(r) = f.roaming_allowed {
        s.roaming_allowed = r;
    }
    let p = &mut s.profile;
    if let Some(m) = &f.msisdn {
        if !ids::is_msisdn(m) {
            return Err(format!("{m:?} is not an MSISDN"));
        }
        p.msisdn = Some(m.clone());
    }
    if let Some(status) = &f.status {
        p.status = if status == "barred" {
            p::OPERATOR_DETERMINED_BARRING
        } else {
            p::SERVICE_GRANTED
        };
    }
    if let Some(nam) = &f.network_access_mode {
        p.network_access_mode = if nam == "packet-only" {
            p::ONLY_PACKET
        } else {
            p::PACKET_AND_CIRCUIT
        };
    }
    if let Some(bits) = f.access_restriction {
        p.access_restriction = bits;
    }
    p.ambr.ul = f.ambr_ul.unwrap_or(p.ambr.ul);
    p.ambr.dl = f.ambr_dl.unwrap_or(p.ambr.dl);
    for name in remove {
        let before = p.apns.len();
        p.apns.retain(|a| &a.name != name);
        if p.apns.len() == before {
            return Err(format!("no APN {name}"));
        }
    }
    for spec in &f.apn {
        let apn = parse_apn(spec, p)?;
        match p.apns.iter_mut().find(|a| a.name == apn.name) {
            Some(a) => {
                *a = Apn {
                    context_id: a.context_id,
                    ..apn
                }
            }
            None => p.apns.push(apn),
        }
    }
    if let Some(name) = &f.default_apn {
        let apn = p.apns.iter().find(|a| &a.name == name);
        p.default_context = apn.ok_or_else(|| format!("no APN {name}"))?.context_id;
    }
    if p.default_apn().is_none() {
        p.default_context = p.apns.first().map_or(0, |a| a.context_id);
    }
    Ok(s)
}

/// Parses `NAME[:key=value,...]` into an APN configuration with the next
/// free Context-Identifier; QCI 9, ARP 8 and the UE-AMBR unless given.
fn parse_apn(spec: &str, profile: &Profile) -> Result<Apn, String> {
    let (name, options) = spec.split_once(':').unwrap_or((spec, ""));
    if name.is_empty() {
        return Err(format!("{spec:?}: no APN name"));
    }
    let mut apn = Apn {
        context_id: profile.apns.iter().map(|a| a.context_id).max().unwrap_or(0) + 1,
        name: name.to_string(),
        pdn_type: p::IPV4V6,
        qci: 9,
        arp: Arp {
            priority: 8,
            capability: p::PRE_EMPTION_DISABLED,
            vulnerability: p::PRE_EMPTION_ENABLED,
        },
        ambr: profile.ambr,
    };
    for option in options.split(',').filter(|o| !o.is_empty()) {
        let bad = || format!("{spec:?}: bad option {option:?}");
        let (key, value) = option.split_once('=').ok_or_else(bad)?;
        let number = || value.parse::<u32>().map_err(|_| bad());
        match key {
            "qci" => apn.qci = number()? as i32,
            "arp" => apn.arp.priority = number()?,
            "ul" => apn.ambr.ul = number()?,
            "dl" => apn.ambr.dl = number()?,
            "pdn" => {
                apn.pdn_type = match value {
                    "ipv4" => 0,
                    "ipv6" => 1,
                    "ipv4v6" => 2,
                    "ipv4_or_ipv6" => 3,
                    _ => return Err(bad()),
                }
            }
            _ => return Err(bad()),
        }
    }
    Ok(apn)
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

fn to_json(s: &Subscriber, reg: Option<&Registration>) -> serde_json::Value {
    let p = &s.profile;
    let apns: Vec<serde_json::Value> = (p.apns.iter())
        .map(|a| {
            json!({"context_id": a.context_id, "name": a.name, "pdn_type": a.pdn_type,
                   "qci": a.qci, "arp": a.arp.priority, "ambr_ul": a.ambr.ul, "ambr_dl": a.ambr.dl})
        })
        .collect();
    json!({
        "imsi": s.imsi, "k": hex(&s.k), "opc": hex(&s.opc), "op": s.op.map(|o| hex(&o)),
        "amf": hex(&s.amf), "sqn": s.sqn, "roaming_allowed": s.roaming_allowed,
        "msisdn": p.msisdn, "status": p.status, "network_access_mode": p.network_access_mode,
        "access_restriction": p.access_restriction, "ambr_ul": p.ambr.ul, "ambr_dl": p.ambr.dl,
        "default_context": p.default_context, "apns": apns,
        "mme": reg.map(|r| json!({"host": r.mme_host, "realm": r.mme_realm, "purged": r.purged})),
    })
}

fn list(store: &mut Db, json: bool) -> Result<(), String> {
    if !json {
        crate::outln!("{:<16} {:<16} {:>16}  APNS", "IMSI", "MSISDN", "SQN");
    }
    store
        .for_each_subscriber(|s| {
            if json {
                crate::outln!("{}", to_json(&s, None));
            } else {
                let apns: Vec<&str> = s.profile.apns.iter().map(|a| a.name.as_str()).collect();
                let msisdn = s.profile.msisdn.as_deref().unwrap_or("-");
                crate::outln!(
                    "{:<16} {:<16} {:>16}  {}",
                    s.imsi,
                    msisdn,
                    s.sqn,
                    apns.join(",")
                );
            }
        })
        .map_err(|e| e.to_string())
}

fn show(store: &mut Db, imsi: &str, json: bool) -> Result<(), String> {
    let s = (store.subscriber(imsi).map_err(|e| e.to_string())?)
        .ok_or_else(|| format!("no subscriber {imsi}"))?;
    let reg = store.registration(imsi).map_err(|e| e.to_string())?;
    if json {
        crate::outln!("{}", to_json(&s, reg.as_ref()));
        return Ok(());
    }
    crate::outln!("IMSI             {}", s.imsi);
    crate::outln!("K                {}", hex(&s.k));
    crate::outln!("OPc              {}", hex(&s.opc));
    if let Some(op) = s.op {
        crate::outln!("OP               {}", hex(&op));
    }
    crate::outln!("AMF              {}", hex(&s.amf));
    crate::outln!("SQN              {}", s.sqn);
    crate::outln!("roaming allowed  {}", s.roaming_allowed);
    crate::outln!("status           {}", s.profile.status);
    crate::outln!("access mode      {}", s.profile.network_access_mode);
    crate::outln!("restrictions     {:#x}", s.profile.access_restriction);
    crate::outln!("subscription     {}", s.profile.describe());
    match reg {
        Some(r) if r.purged => crate::outln!("MME              {} (purged)", r.mme_host),
        Some(r) => crate::outln!("MME              {} ({})", r.mme_host, r.mme_realm),
        None => crate::outln!("MME              -"),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apn_specs() {
        let p = Profile {
            ambr: Ambr { ul: 1, dl: 2 },
            ..Profile::default()
        };
        let a = parse_apn("internet", &p).unwrap();
        assert_eq!(
            (a.context_id, a.qci, a.arp.priority, a.ambr),
            (1, 9, 8, p.ambr)
        );
        let a = parse_apn("ims:qci=5,arp=1,pdn=ipv6,ul=10,dl=20", &p).unwrap();
        assert_eq!(
            (a.name.as_str(), a.qci, a.arp.priority, a.pdn_type),
            ("ims", 5, 1, 1)
        );
        assert_eq!(a.ambr, Ambr { ul: 10, dl: 20 });
        assert!(parse_apn("x:qci", &p).is_err());
        assert!(parse_apn("x:foo=1", &p).is_err());
        assert!(parse_apn(":qci=1", &p).is_err());
    }
}
