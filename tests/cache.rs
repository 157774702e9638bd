//! The cache of checked data sets: a file opened before opens from its entry; a changed file, a
//! damaged entry or a cut one is loaded again and its entry rebuilt, never trusted.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

use accords::load::{Cache, Progress, from_path, from_path_cached, from_path_caching_later};
use accords::model::Dataset;

/// A copy of the built-in data in a fresh folder, and a cache folder beside it.
fn setup() -> (tempfile::TempDir, PathBuf, Cache) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("events.json");
    std::fs::write(&file, accords::load::DEFAULT_DATA).unwrap();
    let cache = Cache::in_folder(dir.path().join("cache"), 0);
    (dir, file, cache)
}

/// Opens `file` through `cache`: the data, and whether it came from the cache.
fn open_telling(file: &Path, cache: &Cache) -> (Dataset, bool) {
    let loaded = from_path_cached(file, &Progress::default(), Some(cache)).unwrap_or_else(|e| panic!("{e}"));
    (loaded.dataset, loaded.from_cache)
}

fn open(file: &Path, cache: &Cache) -> Dataset {
    open_telling(file, cache).0
}

/// The cache's one entry.
fn entry(dir: &Path) -> PathBuf {
    let entries: Vec<PathBuf> = std::fs::read_dir(dir.join("cache")).unwrap().map(|e| e.unwrap().path()).collect();
    assert_eq!(entries.len(), 1, "{entries:?}");
    entries[0].clone()
}

/// Everything a reader sees of a data set.
fn same(a: &Dataset, b: &Dataset) {
    assert_eq!(a.name(), b.name());
    assert_eq!(a.actors(), b.actors());
    assert!(a.events().eq(b.events()), "the events differ");
    assert_eq!(a.eras(), b.eras());
    for event in a.events() {
        let id = b.event_by_id(event.id).unwrap();
        assert_eq!(b.event(id).id, event.id);
    }
    let filter = accords::query::Filter { text: "caspian".into(), ..Default::default() };
    assert_eq!(filter.apply(a), filter.apply(b), "search finds the same events");
}

#[test]
fn a_file_opened_before_opens_from_its_entry_with_the_same_data() {
    let (dir, file, cache) = setup();
    let fresh = from_path(&file).unwrap().dataset;
    let (first, cached) = open_telling(&file, &cache);
    assert!(!cached, "nothing to take from the cache yet");
    let entry = entry(dir.path());
    let written = std::fs::metadata(&entry).unwrap().len();
    assert!(written > 10_000, "an entry of {written} bytes");
    let (second, cached) = open_telling(&file, &cache);
    assert!(cached, "the second open takes the entry");
    same(&fresh, &first);
    same(&fresh, &second);
    assert_eq!(std::fs::metadata(&entry).unwrap().len(), written, "the entry is not written again");
}

#[test]
fn an_entry_left_for_later_is_written_only_when_asked_and_then_opens() {
    let (dir, file, cache) = setup();
    let (loaded, pending) = from_path_caching_later(&file, &Progress::default(), Some(&cache)).unwrap();
    assert!(!loaded.from_cache);
    assert!(!dir.path().join("cache").exists(), "nothing is written before the caller asks");
    pending.expect("a file without an entry needs one").write(&loaded.dataset, &loaded.warnings);
    entry(dir.path());
    let (again, pending) = from_path_caching_later(&file, &Progress::default(), Some(&cache)).unwrap();
    assert!(again.from_cache && pending.is_none(), "the second open takes the entry and needs none");
    same(&loaded.dataset, &again.dataset);
}

#[test]
fn a_changed_file_is_loaded_again_and_its_entry_rebuilt() {
    let (dir, file, cache) = setup();
    open(&file, &cache);
    let changed = accords::load::DEFAULT_DATA.replacen("\"title\": \"", "\"title\": \"Changed: ", 1);
    std::fs::write(&file, &changed).unwrap();
    let (data, cached) = open_telling(&file, &cache);
    assert!(!cached && data.name().starts_with("Changed: "), "{}", data.name());
    entry(dir.path());
    same(&data, &open(&file, &cache));
}

#[test]
fn a_file_changed_in_place_with_its_size_and_time_kept_is_loaded_again() {
    let (_dir, file, cache) = setup();
    let modified = std::fs::metadata(&file).unwrap().modified().unwrap();
    open(&file, &cache);
    // One letter of the data set's title changed, so that the size is the same; then its time put back.
    let title_start = accords::load::DEFAULT_DATA.find("\"title\": \"").unwrap() + "\"title\": \"".len();
    let mut bytes = accords::load::DEFAULT_DATA.as_bytes().to_vec();
    bytes[title_start] = if bytes[title_start] == b'Q' { b'Z' } else { b'Q' };
    std::fs::write(&file, &bytes).unwrap();
    std::fs::File::options().write(true).open(&file).unwrap().set_modified(modified).unwrap();
    assert_eq!(std::fs::metadata(&file).unwrap().modified().unwrap(), modified);
    let (data, cached) = open_telling(&file, &cache);
    assert!(!cached, "the entry was made for other bytes");
    assert_eq!(data.name().as_bytes()[0], bytes[title_start], "{}", data.name());
}

#[test]
fn a_damaged_or_cut_entry_is_never_trusted() {
    let (dir, file, cache) = setup();
    let fresh = open(&file, &cache);
    let entry = entry(dir.path());
    let bytes = std::fs::read(&entry).unwrap();
    // A flipped byte early (in the archive), in the middle and near the end (in the texts kept
    // beside it), a flipped byte in the header, a cut entry, an empty one.
    let flipped = |at: usize| {
        let mut flipped = bytes.clone();
        flipped[at] ^= 0x55;
        flipped
    };
    let mut header = bytes.clone();
    header[20] ^= 1;
    let (early, middle, late) = (flipped(200), flipped(bytes.len() / 2), flipped(bytes.len() - 20));
    for damaged in [early, middle, late, header, bytes[..bytes.len() - 100].to_vec(), Vec::new()] {
        std::fs::write(&entry, &damaged).unwrap();
        let (data, cached) = open_telling(&file, &cache);
        assert!(!cached, "a damaged entry is not used");
        same(&fresh, &data);
        assert_eq!(std::fs::read(&entry).unwrap(), bytes, "the entry is rebuilt as it was");
    }
}

#[test]
fn small_files_are_not_cached_by_default_and_a_bad_file_writes_nothing() {
    assert!(!Cache::in_folder("unused", Cache::MIN_BYTES).takes(1 << 20));
    let (dir, file, cache) = setup();
    std::fs::write(&file, "{\"actors\": [], \"events\": [{\"id\": \"x\"}]}").unwrap();
    assert!(from_path_cached(&file, &Progress::default(), Some(&cache)).is_err());
    assert!(!dir.path().join("cache").exists() || std::fs::read_dir(dir.path().join("cache")).unwrap().count() == 0);
}

#[test]
fn a_cancelled_open_through_the_cache_is_told_and_writes_no_entry() {
    let (dir, file, cache) = setup();
    let progress = Progress::default();
    progress.cancelled.store(true, std::sync::atomic::Ordering::Relaxed);
    let outcome = from_path_cached(&file, &progress, Some(&cache));
    assert!(matches!(outcome, Err(accords::load::LoadError::Cancelled { .. })), "{outcome:?}");
    assert!(!dir.path().join("cache").exists());
    // A whole open through the cache leaves the progress at the file's size.
    let progress = Progress::default();
    from_path_cached(&file, &progress, Some(&cache)).unwrap();
    let size = std::fs::metadata(&file).unwrap().len();
    assert_eq!(progress.read.load(std::sync::atomic::Ordering::Relaxed), size);
}
