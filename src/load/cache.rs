//! A cache of checked data sets, so that a big file opened before opens again in a blink.
//!
//! Each source file has one entry in the cache folder, named after a hash of its path. An entry is
//! a short header — the cache format, the source's size, modification time and content hash, a
//! hash of what follows and its lengths — then the load's warnings and the dataset, each archived
//! by rkyv, and the dataset's three text arenas as they are (most of its bytes: read straight into
//! the strings they become, rather than into an archive and copied out of it). An entry is used
//! only when all of the source's key matches and its own bytes hash as the header says (rkyv
//! checks the archive's structure before anything is read from it, and nothing read is kept
//! unless the hash matches). Anything else (a changed file,
//! a damaged or cut entry, one from another version) is ignored and rebuilt: the cache is never
//! trusted over the file.

use std::fs::File;
use std::io::{Read, Seek as _, Write as _};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use rkyv::util::AlignedVec;
use xxhash_rust::xxh3::Xxh3;

use super::{Loaded, Problem, Progress};
use crate::model::Dataset;

/// Changed whenever what is archived changes shape; entries of another format are rebuilt.
const FORMAT: u64 = 4;
/// How every entry begins.
const MAGIC: &[u8; 8] = b"ACCORDS\x01";
/// Bytes of the header: magic, then ten numbers.
const HEADER_BYTES: usize = 8 + 10 * 8;
/// Entries kept; opening one more file removes the one used least recently.
const MAX_ENTRIES: usize = 4;
/// A partly written entry older than this was left by a process that was stopped, and is removed.
const ABANDONED_AFTER: Duration = Duration::from_mins(10);

/// A cache folder, and the smallest source worth caching (small files load in no time).
#[derive(Debug, Clone)]
pub struct Cache {
    folder: PathBuf,
    min_bytes: u64,
}

/// What must match for an entry to stand for its source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Key {
    format: u64,
    size: u64,
    modified_ns: u64,
    content: u64,
}

impl Cache {
    /// Files smaller than this are not cached by [`Cache::user`].
    pub const MIN_BYTES: u64 = 16 << 20;

    /// The user's cache folder for Accords (`~/.cache/accords` on Linux), for files of at least
    /// [`Cache::MIN_BYTES`]; `None` when the system names no cache folder, or when the environment
    /// variable `ACCORDS_NO_CACHE` is set (to anything but nothing).
    pub fn user() -> Option<Self> {
        if std::env::var_os("ACCORDS_NO_CACHE").is_some_and(|v| !v.is_empty()) {
            return None;
        }
        Some(Self { folder: dirs::cache_dir()?.join("accords"), min_bytes: Self::MIN_BYTES })
    }

    /// A cache in `folder` for files of at least `min_bytes`.
    pub fn in_folder(folder: impl Into<PathBuf>, min_bytes: u64) -> Self {
        Self { folder: folder.into(), min_bytes }
    }

    /// Whether a file of this size is worth caching.
    pub fn takes(&self, size: u64) -> bool {
        size >= self.min_bytes
    }

    /// The entry for a source file.
    fn entry_path(&self, source: &Path) -> PathBuf {
        let absolute = std::fs::canonicalize(source).unwrap_or_else(|_| source.to_owned());
        let name = xxhash_rust::xxh3::xxh3_64(absolute.as_os_str().as_encoded_bytes());
        self.folder.join(format!("{name:016x}.accords-cache"))
    }

    /// The key of a source file as it is now, but for its content: the format, its size and time
    /// from `metadata`.
    fn stamp(metadata: &std::fs::Metadata) -> Option<Key> {
        let modified = metadata.modified().ok()?.duration_since(UNIX_EPOCH).unwrap_or_default();
        let modified_ns = u64::try_from(modified.as_nanos()).unwrap_or(u64::MAX);
        Some(Key { format: FORMAT, size: metadata.len(), modified_ns, content: 0 })
    }

    /// The key of a source file as it is now: [`Cache::stamp`] and its bytes hashed.
    fn key(mut source: impl Read, metadata: &std::fs::Metadata) -> std::io::Result<Key> {
        let stamp = Self::stamp(metadata).ok_or_else(|| std::io::Error::other("no modification time"))?;
        let mut hasher = Xxh3::new();
        let mut chunk = vec![0; 1 << 20];
        loop {
            match source.read(&mut chunk) {
                Ok(0) => break,
                Ok(n) => hasher.update(&chunk[..n]),
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(Key { content: hasher.digest(), ..stamp })
    }

    /// The checked data of `source` from its entry, if the entry stands for the file as it is now;
    /// also gives the file's key, for [`Cache::store`] when there is no such entry. Reading the
    /// file to hash it counts into `progress`, and stops when the load is cancelled.
    pub(super) fn load(&self, source: &Path, file: &mut File, progress: &Progress) -> (Option<Loaded>, Option<KeyOf>) {
        let Ok(metadata) = file.metadata() else { return (None, None) };
        let path = self.entry_path(source);
        // The file is hashed on a second thread while an entry of its size and time is read; the
        // entry is kept only if it was made for these bytes too.
        let (key, entry) = std::thread::scope(|scope| {
            let hashing = scope.spawn(|| Self::key(super::Reading { inner: &mut *file, progress }, &metadata));
            let entry = Self::stamp(&metadata).and_then(|stamp| read_entry(&path, stamp));
            (hashing.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)), entry)
        });
        progress.read.store(0, std::sync::atomic::Ordering::Relaxed);
        let Ok(key) = key else { return (None, None) };
        let loaded = entry.and_then(|(content, loaded)| (content == key.content).then_some(loaded));
        if loaded.is_some() {
            // Touched, so that the entries used least recently are the ones removed.
            let _ = File::options().append(true).open(&path).and_then(|f| f.set_modified(SystemTime::now()));
        }
        (loaded, Some(KeyOf(key)))
    }

    /// Writes the entry of `source` (whose key [`Cache::load`] gave) atomically, and keeps the
    /// folder to its most recent entries. A cache that cannot be written only costs time later.
    pub(super) fn store(
        &self,
        source: &Path,
        key: KeyOf,
        dataset: &Dataset,
        warnings: &[Problem],
    ) -> std::io::Result<()> {
        std::fs::create_dir_all(&self.folder)?;
        self.tidy()?;
        // Written beside its place and renamed into it: a reader sees a whole entry or none. The
        // archives go straight to the file (a million events are hundreds of megabytes), hashed
        // on the way; the header, which holds that hash, is written last.
        let mut temporary = tempfile::Builder::new().prefix(".partial-").tempfile_in(&self.folder)?;
        write_entry(temporary.as_file_mut(), key.0, dataset, warnings)?;
        temporary.persist(self.entry_path(source)).map_err(|e| e.error)?;
        Ok(())
    }

    /// Removes partial entries a stopped process left, and the entries used least recently
    /// beyond [`MAX_ENTRIES`] - 1 (one is about to be written).
    fn tidy(&self) -> std::io::Result<()> {
        let mut entries = Vec::new();
        for item in std::fs::read_dir(&self.folder)? {
            let item = item?;
            let name = item.file_name();
            let name = name.to_string_lossy();
            let modified = item.metadata().and_then(|m| m.modified()).unwrap_or(UNIX_EPOCH);
            if name.starts_with(".partial-") {
                let age = SystemTime::now().duration_since(modified).unwrap_or_default();
                if age > ABANDONED_AFTER {
                    let _ = std::fs::remove_file(item.path());
                }
            } else if name.ends_with(".accords-cache") {
                entries.push((modified, item.path()));
            }
        }
        entries.sort();
        let excess = entries.len().saturating_sub(MAX_ENTRIES - 1);
        for (_, path) in entries.into_iter().take(excess) {
            let _ = std::fs::remove_file(path);
        }
        Ok(())
    }
}

/// Writes an entry: a blank header, the archives and the text arenas (hashed on the way), then the header.
fn write_entry(file: &mut File, key: Key, dataset: &Dataset, warnings: &[Problem]) -> std::io::Result<()> {
    let mut file = std::io::BufWriter::new(file);
    file.write_all(&[0; HEADER_BYTES])?;
    let warnings = archive(&warnings.to_vec(), Hashing { inner: file, hasher: Xxh3::new(), len: 0 })?;
    let warnings_len = warnings.len;
    let mut out = archive(dataset, Hashing { len: 0, ..warnings })?;
    let mut lengths = vec![warnings_len, out.len];
    for text in dataset.texts() {
        out.len = 0;
        out.write_all(text.as_bytes())?;
        lengths.push(out.len);
    }
    let hash = out.hasher.digest();
    let mut header = Vec::with_capacity(HEADER_BYTES);
    header.extend_from_slice(MAGIC);
    for n in [key.format, key.size, key.modified_ns, key.content, hash].into_iter().chain(lengths) {
        header.extend_from_slice(&n.to_le_bytes());
    }
    out.inner.seek(std::io::SeekFrom::Start(0))?;
    out.inner.write_all(&header)?;
    out.inner.flush()?;
    Ok(())
}

/// Archives `value` into `out`.
fn archive<T, W>(value: &T, out: W) -> std::io::Result<W>
where
    T: for<'a> rkyv::Serialize<
            rkyv::api::high::HighSerializer<
                rkyv::ser::writer::IoWriter<W>,
                rkyv::ser::allocator::ArenaHandle<'a>,
                rkyv::rancor::Error,
            >,
        >,
    W: std::io::Write,
{
    let writer = rkyv::api::high::to_bytes_in::<_, rkyv::rancor::Error>(value, rkyv::ser::writer::IoWriter::new(out));
    writer.map(rkyv::ser::writer::IoWriter::into_inner).map_err(std::io::Error::other)
}

/// A writer that hashes and counts what goes through it.
struct Hashing<W> {
    inner: W,
    hasher: Xxh3,
    len: u64,
}

impl<W: std::io::Write> std::io::Write for Hashing<W> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(bytes)?;
        self.hasher.update(&bytes[..n]);
        self.len += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// A source file's key, from [`Cache::load`] for [`Cache::store`].
#[derive(Debug, Clone, Copy)]
pub(super) struct KeyOf(Key);

/// The entry at `path` and the content hash it was made for, if it is whole, undamaged and made
/// for a source of `stamp` (a [`Key`] but for its content). The dataset is read from its archive,
/// which is then freed, before its text arenas are read; nothing is kept unless every byte hashes
/// as the header says.
fn read_entry(path: &Path, stamp: Key) -> Option<(u64, Loaded)> {
    let mut file = File::open(path).ok()?;
    let mut header = [0; HEADER_BYTES];
    file.read_exact(&mut header).ok()?;
    let (magic, numbers) = header.split_at(MAGIC.len());
    if magic != MAGIC {
        return None;
    }
    let number = |i: usize| numbers.get(i * 8..i * 8 + 8).and_then(|b| b.try_into().ok()).map(u64::from_le_bytes);
    let stored = Key { format: number(0)?, size: number(1)?, modified_ns: number(2)?, content: number(3)? };
    let hash = number(4)?;
    let lengths = [number(5)?, number(6)?, number(7)?, number(8)?, number(9)?];
    let actual_len = file.metadata().ok()?.len().checked_sub(HEADER_BYTES as u64)?;
    let total = lengths.iter().try_fold(0_u64, |sum, &len| sum.checked_add(len));
    if (Key { content: 0, ..stored }) != stamp || total != Some(actual_len) {
        return None;
    }
    let [warnings_len, dataset_len, texts @ ..] = lengths;
    let mut hasher = Xxh3::new();
    let mut read = |len: u64| {
        let mut bytes = AlignedVec::<16>::with_capacity(usize::try_from(len).ok()?);
        bytes.extend_from_reader(&mut (&mut file).take(len)).ok()?;
        hasher.update(&bytes);
        (bytes.len() as u64 == len).then_some(bytes)
    };
    let (warnings, archived) = (read(warnings_len)?, read(dataset_len)?);
    let warnings = rkyv::from_bytes::<Vec<Problem>, rkyv::rancor::Error>(&warnings).ok()?;
    let dataset = rkyv::from_bytes::<Dataset, rkyv::rancor::Error>(&archived).ok()?;
    // The archive's bytes go before the texts are read, so the two never add up.
    drop(archived);
    let mut strings = texts.map(|_| String::new());
    for (string, len) in strings.iter_mut().zip(texts) {
        let mut bytes = Vec::with_capacity(usize::try_from(len).ok()?);
        (&mut file).take(len).read_to_end(&mut bytes).ok()?;
        if bytes.len() as u64 != len {
            return None;
        }
        hasher.update(&bytes);
        *string = String::from_utf8(bytes).ok()?;
    }
    if hasher.digest() != hash {
        return None;
    }
    Some((stored.content, Loaded { dataset: dataset.with_texts(strings).with_lookups(), warnings, from_cache: true }))
}
