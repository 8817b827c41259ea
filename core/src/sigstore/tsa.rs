//! RFC 3161 signed timestamps in a bundle (`timestampVerificationData.rfc3161Timestamps`): a
//! `TimeStampResp` whose token is a CMS `SignedData` over a `TSTInfo`, checked as sigstore-go
//! (timestamp-authority's `VerifyTimestampResponse`) checks it: granted status, a TSTInfo whose
//! message imprint is the hash of the bundle's signature, signed attributes with the TSTInfo's
//! content type and digest, signed by the signing certificate of a timestamp authority of the
//! trusted root (chain linked, `timeStamping` usage), the time inside the certificates' and the
//! authority's validity.

use der::{Decode as _, Encode as _};
use x509_cert::Certificate;

use super::keys::{Hash, PublicKey};
use super::trust::CertificateAuthority;
use super::Failure;

const OID_SIGNED_DATA: &str = "1.2.840.113549.1.7.2";
const OID_TST_INFO: &str = "1.2.840.113549.1.9.16.1.4";
const OID_CONTENT_TYPE: &str = "1.2.840.113549.1.9.3";
const OID_MESSAGE_DIGEST: &str = "1.2.840.113549.1.9.4";
const OID_TIME_STAMPING: &str = "1.3.6.1.5.5.7.3.8";

fn hash_of(oid: &der::asn1::ObjectIdentifier) -> Option<Hash> {
    match oid.to_string().as_str() {
        "2.16.840.1.101.3.4.2.1" => Some(Hash::Sha256),
        "2.16.840.1.101.3.4.2.2" => Some(Hash::Sha384),
        "2.16.840.1.101.3.4.2.3" => Some(Hash::Sha512),
        _ => None,
    }
}

/// The verified time (Unix seconds) of one signed timestamp over `signature`.
pub(crate) fn verify(resp: &[u8], signature: &[u8], tsas: &[CertificateAuthority]) -> Result<i64, Failure> {
    let bad = || Failure::TimestampMalformed;
    let resp = x509_tsp::TimeStampResp::from_der(resp).map_err(|_| bad())?;
    // PKIStatus granted (0); grantedWithMods (1) would say the request was changed.
    if resp.status.status as u8 != 0 {
        return Err(bad());
    }
    let token = resp.time_stamp_token.ok_or_else(bad)?;
    if token.content_type.to_string() != OID_SIGNED_DATA {
        return Err(bad());
    }
    let sd: cms::signed_data::SignedData = token.content.decode_as().map_err(|_| bad())?;
    if sd.encap_content_info.econtent_type.to_string() != OID_TST_INFO {
        return Err(bad());
    }
    let econtent = sd.encap_content_info.econtent.as_ref().ok_or_else(bad)?;
    let tst_der = der::asn1::OctetString::from_der(&econtent.to_der().map_err(|_| bad())?).map_err(|_| bad())?;
    let tst_der = tst_der.as_bytes();
    let tst = x509_tsp::TstInfo::from_der(tst_der).map_err(|_| bad())?;
    // The imprint: the hash of the bundle's signature.
    let imprint_hash = hash_of(&tst.message_imprint.hash_algorithm.oid).ok_or(Failure::TimestampMalformed)?;
    if imprint_hash.digest(signature) != tst.message_imprint.hashed_message.as_bytes() {
        return Err(Failure::TimestampImprintMismatch);
    }
    let gen_time = i64::try_from(tst.gen_time.to_unix_duration().as_secs()).map_err(|_| bad())?;
    // One signer, with signed attributes naming the TSTInfo and its digest.
    let signers = sd.signer_infos.0.as_slice();
    let [si] = signers else { return Err(bad()) };
    // RFC 5652 versions: SignedData 3 (the content is not id-data), SignerInfo 1 (issuer and
    // serial) or 3 (key identifier).
    let si_version = match si.sid {
        cms::signed_data::SignerIdentifier::IssuerAndSerialNumber(_) => cms::content_info::CmsVersion::V1,
        cms::signed_data::SignerIdentifier::SubjectKeyIdentifier(_) => cms::content_info::CmsVersion::V3,
    };
    if sd.version != cms::content_info::CmsVersion::V3 || si.version != si_version {
        return Err(bad());
    }
    // The digest algorithm is one SignedData lists.
    if !sd.digest_algorithms.iter().any(|a| a.oid == si.digest_alg.oid) {
        return Err(bad());
    }
    let attrs = si.signed_attrs.as_ref().ok_or_else(bad)?;
    let digest_hash = hash_of(&si.digest_alg.oid).ok_or(Failure::TimestampMalformed)?;
    let mut content_type_ok = false;
    let mut digest_ok = false;
    for a in attrs.iter() {
        let value = a.values.iter().next();
        match a.oid.to_string().as_str() {
            OID_CONTENT_TYPE => {
                content_type_ok = value
                    .and_then(|v| v.decode_as::<der::asn1::ObjectIdentifier>().ok())
                    .is_some_and(|o| o.to_string() == OID_TST_INFO)
            }
            OID_MESSAGE_DIGEST => {
                digest_ok = value
                    .and_then(|v| v.decode_as::<der::asn1::OctetString>().ok())
                    .is_some_and(|d| d.as_bytes() == digest_hash.digest(tst_der))
            }
            _ => {}
        }
    }
    if !content_type_ok || !digest_ok {
        return Err(Failure::TimestampSignatureInvalid);
    }
    let signed = attrs.to_der().map_err(|_| bad())?;
    // CMS names RSA signatures by the key's algorithm (rsaEncryption), the hash by digestAlgorithm.
    let scheme = match si.signature_algorithm.oid.to_string().as_str() {
        "1.2.840.113549.1.1.1" => super::Scheme::RsaPkcs1v15(digest_hash),
        _ => super::signature_scheme(&si.signature_algorithm.oid)?,
    };
    let sig = si.signature.as_bytes();
    // The signing certificate of a listed authority must have signed it.
    let mut outside = None;
    for tsa in tsas {
        let certs: Vec<Certificate> = match tsa.chain.iter().map(|d| Certificate::from_der(d)).collect() {
            Ok(c) => c,
            Err(_) => continue,
        };
        let spki = certs[0].tbs_certificate.subject_public_key_info.to_der().map_err(|_| bad())?;
        let Some(key) = PublicKey::from_spki_der(&spki) else { continue };
        if !key.verify(scheme, &signed, sig) {
            continue;
        }
        let mut linked = true;
        for i in 0..certs.len() - 1 {
            linked &= super::signed_by(&certs[i], &tsa.chain[i], &certs[i + 1])?;
        }
        let eku = super::extension(&certs[0], "2.5.29.37")
            .and_then(|e| x509_cert::ext::pkix::ExtendedKeyUsage::from_der(e.extn_value.as_bytes()).ok())
            .is_some_and(|eku| eku.0.iter().any(|o| o.to_string() == OID_TIME_STAMPING));
        // The signer the token names is this certificate.
        let named = match &si.sid {
            cms::signed_data::SignerIdentifier::IssuerAndSerialNumber(i) => {
                i.issuer == certs[0].tbs_certificate.issuer && i.serial_number == certs[0].tbs_certificate.serial_number
            }
            cms::signed_data::SignerIdentifier::SubjectKeyIdentifier(k) => super::extension(&certs[0], "2.5.29.14")
                .and_then(|e| x509_cert::ext::pkix::SubjectKeyIdentifier::from_der(e.extn_value.as_bytes()).ok())
                .is_some_and(|ski| ski == *k),
        };
        if !linked || !eku || !named {
            continue;
        }
        // Certificates the token carries must be the authority's own (byte for byte): nothing in
        // the bundle goes unchecked.
        let carried = sd.certificates.as_ref().map(|c| c.0.iter().map(|c| c.to_der()).collect::<Result<Vec<_>, _>>());
        if let Some(carried) = carried {
            let carried = carried.map_err(|_| bad())?;
            if carried.iter().any(|c| !tsa.chain.contains(c)) {
                outside = Some(Failure::TimestampForeignCertificate);
                continue;
            }
        }
        let in_certs = certs.iter().all(|c| {
            let (nb, na) = super::validity(c);
            nb <= gen_time && gen_time <= na
        });
        if !tsa.valid.contains(gen_time) || !in_certs {
            outside = Some(Failure::TimestampNotValidAt(gen_time));
            continue;
        }
        return Ok(gen_time);
    }
    Err(outside.unwrap_or(Failure::TimestampUntrusted))
}
