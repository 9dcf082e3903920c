//! The blocks of linear memory the module has handed to its host: request buffers from `seaworthy_alloc` and
//! answers from `seaworthy_check`. Every address a host passes back is looked up here before it is used, so a
//! wrong pointer, a wrong length or a double free is refused instead of reaching the allocator or a load.

use std::alloc::{alloc_zeroed, dealloc, Layout};
use std::collections::BTreeMap;
use std::sync::{Mutex, MutexGuard, PoisonError};

/// Live blocks: start address → length in bytes. Every block was allocated with `Layout(len, 1)`, `len > 0`.
static LIVE: Mutex<BTreeMap<usize, usize>> = Mutex::new(BTreeMap::new());

fn live() -> MutexGuard<'static, BTreeMap<usize, usize>> {
    // A panic aborts the module (release profile), so the table can never be seen half-updated.
    LIVE.lock().unwrap_or_else(PoisonError::into_inner)
}

/// A new zeroed block of `len > 0` bytes, or `None` when memory cannot grow.
pub fn alloc(len: usize) -> Option<usize> {
    if len == 0 {
        return None;
    }
    let layout = Layout::from_size_align(len, 1).ok()?;
    // SAFETY: the layout's size is not zero. Zeroed, so that a host that reads a block it never wrote sees
    // initialised bytes.
    let pointer = unsafe { alloc_zeroed(layout) };
    if pointer.is_null() {
        return None;
    }
    let address = pointer.expose_provenance();
    live().insert(address, len);
    Some(address)
}

/// Frees the block at `address` if it is live and `len` long; answers whether it did.
pub fn free(address: usize, len: usize) -> bool {
    let mut live = live();
    if live.get(&address) != Some(&len) {
        return false;
    }
    live.remove(&address);
    let Ok(layout) = Layout::from_size_align(len, 1) else { return false };
    // SAFETY: the block was allocated by this module with this layout, and it has just left the table, so it is
    // freed exactly once.
    unsafe { dealloc(std::ptr::with_exposed_provenance_mut(address), layout) };
    true
}

/// Runs `f` over `[address, address + len)` if that range lies inside one live block; `None` otherwise.
pub fn with_input<T>(address: usize, len: usize, f: impl FnOnce(&[u8]) -> T) -> Option<T> {
    if len == 0 {
        return Some(f(&[]));
    }
    let end = address.checked_add(len)?;
    let (&start, &size) = live().range(..=address).next_back()?;
    if end > start.checked_add(size)? {
        return None;
    }
    // SAFETY: the range lies inside a live block that this module allocated zeroed, so it is in bounds and
    // initialised. The host is blocked in this call and nothing in `f` frees blocks, so it stays live and
    // unchanged while borrowed.
    let bytes = unsafe { std::slice::from_raw_parts(std::ptr::with_exposed_provenance::<u8>(address), len) };
    Some(f(bytes))
}

/// Hands `answer` to the host as a live block: `(address, len)`.
pub fn leak(answer: String) -> (usize, usize) {
    let bytes = answer.into_bytes().into_boxed_slice();
    let len = bytes.len();
    if len == 0 {
        return (0, 0);
    }
    // A boxed byte slice was allocated with `Layout(len, 1)`, which is what `free` deallocates with.
    let address = Box::into_raw(bytes).cast::<u8>().expose_provenance();
    live().insert(address, len);
    (address, len)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn input_must_lie_inside_one_live_block() {
        let address = alloc(16).unwrap();
        assert_eq!(with_input(address, 16, <[u8]>::len), Some(16));
        assert_eq!(with_input(address + 4, 8, <[u8]>::to_vec), Some(vec![0; 8]));
        assert_eq!(with_input(address, 17, <[u8]>::len), None);
        assert_eq!(with_input(address + 15, 2, <[u8]>::len), None);
        assert_eq!(with_input(usize::MAX, 2, <[u8]>::len), None);
        assert!(free(address, 16));
        assert_eq!(with_input(address, 1, <[u8]>::len), None, "freed blocks are no longer readable");
    }

    #[test]
    fn free_refuses_wrong_lengths_double_frees_and_made_up_addresses() {
        let address = alloc(8).unwrap();
        assert!(!free(address, 7));
        assert!(!free(address + 1, 8));
        assert!(free(address, 8));
        assert!(!free(address, 8));
        assert!(alloc(0).is_none());
    }

    #[test]
    fn answers_are_live_until_freed() {
        let (address, len) = leak("{\"ok\":1}".to_owned());
        assert_eq!(with_input(address, len, <[u8]>::to_vec), Some(b"{\"ok\":1}".to_vec()));
        assert!(free(address, len));
        assert_eq!(leak(String::new()), (0, 0));
    }
}
