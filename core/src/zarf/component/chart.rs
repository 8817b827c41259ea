//! A chart archive (`charts/<name>-<version>.tgz`) read as Helm's loader reads it
//! (`helm.sh/helm/v3/pkg/chart/loader/archive.go`, which Zarf calls at deploy): gzip (Go's reader,
//! several members in a row), then Go's `archive/tar`; each entry's name loses its first path
//! element (the chart's directory) and `Chart.yaml` is the one left with exactly that name. Pushed
//! chunk by chunk: flate2's gzip decoder (its pure-Rust backend, so that it builds for wasm32) into
//! zverify's own tar reader, keeping only `Chart.yaml`.

use crate::diag::Finding;
use crate::rules;
use crate::tar::{EntryError, EntrySink, TarReader};
use flate2::write::MultiGzDecoder;
use std::io::Write;

/// The largest `Chart.yaml` kept: Helm refuses files in a chart over 5 MiB
/// (`MaxDecompressedFileSize`); a real one is a few hundred bytes.
const CHART_YAML_CAP: u64 = 1 << 20;

/// What reading a chart archive gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChartRead {
    /// The bytes of its `Chart.yaml` (the last one, as Helm's loader keeps the last).
    ChartYaml(Vec<u8>),
    /// It is not a gzip-compressed tar archive Go reads: why.
    Unreadable(String),
    /// It holds no `Chart.yaml` under its top directory.
    NoChartYaml,
    /// Its `Chart.yaml` is larger than zverify reads.
    ChartYamlTooLarge(u64),
}

#[derive(Default)]
struct ChartSink {
    /// The open entry is a `Chart.yaml`: its bytes so far.
    current: Option<Vec<u8>>,
    current_size: u64,
    chart_yaml: Option<Result<Vec<u8>, u64>>,
}

impl ChartSink {
    fn start(&mut self, raw: &str) {
        // Helm: backslashes become slashes, the first element is dropped when there are several.
        let name = raw.replace('\\', "/");
        let rest = name.split_once('/').map_or(name.as_str(), |(_, rest)| rest);
        self.current = (rest == "Chart.yaml" && name.contains('/')).then(Vec::new);
        self.current_size = 0;
    }
}

impl EntrySink for ChartSink {
    fn begin_entry(&mut self, raw_path: &str, _size: Option<u64>) -> Result<(), EntryError> {
        self.start(raw_path);
        Ok(())
    }
    fn begin_special_as_file(&mut self, raw_path: &str, _: rules::SpecialKind, _: u64) -> Result<(), EntryError> {
        // Helm's loader reads every entry that is not a directory as a file.
        self.start(raw_path);
        Ok(())
    }
    fn write(&mut self, chunk: &[u8]) {
        if let Some(buf) = &mut self.current {
            self.current_size += chunk.len() as u64;
            if self.current_size <= CHART_YAML_CAP {
                buf.extend_from_slice(chunk);
            }
        }
    }
    fn skip(&mut self, n: u64) {
        self.current_size += n;
    }
    fn end_entry(&mut self) -> Result<(), EntryError> {
        if let Some(buf) = self.current.take() {
            self.chart_yaml = Some(if self.current_size <= CHART_YAML_CAP { Ok(buf) } else { Err(self.current_size) });
        }
        Ok(())
    }
    fn add_directory(&mut self, _: &str) {}
    fn add_link(&mut self, _: &str, _: &str, _: bool) {}
    // A sparse Chart.yaml is not read: the chart then has none, an error (ZV605).
    fn add_unverified(&mut self, _: &str) {}
    fn add_finding(&mut self, _: Finding) {}
    fn note_missing_end(&mut self, _: u64) {}
}

/// The decompressed side: tar.
#[derive(Default)]
struct ChartTar {
    tar: TarReader,
    sink: ChartSink,
    error: Option<String>,
}

impl Write for ChartTar {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.error.is_none() && !self.tar.is_done() {
            if let Err(e) = self.tar.feed(buf, &mut self.sink) {
                self.error = Some(format!("its tar stream: {e}"));
            }
        }
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Reads one chart archive as it streams.
pub(super) struct ChartReader {
    gz: Option<MultiGzDecoder<ChartTar>>,
    error: Option<String>,
}

impl Default for ChartReader {
    fn default() -> Self {
        ChartReader { gz: Some(MultiGzDecoder::new(ChartTar::default())), error: None }
    }
}

impl ChartReader {
    pub(super) fn feed(&mut self, chunk: &[u8]) {
        let Some(gz) = &mut self.gz else { return };
        // Once the tar stream has ended, Helm's loader reads no further: what follows (even a
        // damaged gzip trailer) is never looked at.
        if gz.get_ref().tar.is_done() || gz.get_ref().error.is_some() {
            return;
        }
        if let Err(e) = gz.write_all(chunk) {
            if !gz.get_ref().tar.is_done() {
                self.error = Some(format!("its gzip stream: {e}"));
            }
            self.gz = None;
        }
    }

    pub(super) fn finish(self) -> ChartRead {
        if let Some(e) = self.error {
            return ChartRead::Unreadable(e);
        }
        let Some(mut gz) = self.gz else { return ChartRead::Unreadable("its gzip stream ended early".into()) };
        let gz_end = gz.try_finish();
        let t = gz.get_mut();
        if let Some(e) = t.error.take() {
            return ChartRead::Unreadable(e);
        }
        if !t.tar.is_done() {
            if let Err(e) = gz_end {
                return ChartRead::Unreadable(format!("its gzip stream: {e}"));
            }
            if let Err(e) = t.tar.finish(&mut t.sink) {
                return ChartRead::Unreadable(format!("its tar stream: {e}"));
            }
        }
        match t.sink.chart_yaml.take() {
            Some(Ok(bytes)) => ChartRead::ChartYaml(bytes),
            Some(Err(size)) => ChartRead::ChartYamlTooLarge(size),
            None => ChartRead::NoChartYaml,
        }
    }
}
