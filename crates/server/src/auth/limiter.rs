//! Login rate limiting: at most a few failed attempts per email and per client address
//! in a sliding window. Kept in memory: each server process limits on its own, which
//! bounds a guesser to N × processes attempts per window.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub struct LoginLimiter {
    window: Duration,
    max_failures: usize,
    failures: Mutex<HashMap<String, VecDeque<Instant>>>,
}

impl Default for LoginLimiter {
    fn default() -> Self {
        LoginLimiter::new(Duration::from_secs(15 * 60), 10)
    }
}

impl LoginLimiter {
    pub fn new(window: Duration, max_failures: usize) -> Self {
        LoginLimiter {
            window,
            max_failures,
            failures: Mutex::new(HashMap::new()),
        }
    }

    /// True when any of the keys has used up its failures in the window.
    pub fn is_blocked(&self, keys: &[String]) -> bool {
        let now = Instant::now();
        let mut map = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        keys.iter().any(|key| {
            map.get_mut(key).is_some_and(|times| {
                prune(times, now, self.window);
                times.len() >= self.max_failures
            })
        })
    }

    pub fn record_failure(&self, keys: &[String]) {
        let now = Instant::now();
        let mut map = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        // Bound memory under a flood of distinct keys: forget everything stale first.
        if map.len() > 100_000 {
            map.retain(|_, times| {
                prune(times, now, self.window);
                !times.is_empty()
            });
        }
        for key in keys {
            map.entry(key.clone()).or_default().push_back(now);
        }
    }

    pub fn record_success(&self, keys: &[String]) {
        let mut map = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        for key in keys {
            map.remove(key);
        }
    }
}

fn prune(times: &mut VecDeque<Instant>, now: Instant, window: Duration) {
    while times
        .front()
        .is_some_and(|t| now.duration_since(*t) > window)
    {
        times.pop_front();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_after_max_failures_and_success_resets() {
        let limiter = LoginLimiter::new(Duration::from_secs(60), 3);
        let keys = vec!["email:a@x.fr".to_string()];
        for _ in 0..3 {
            assert!(!limiter.is_blocked(&keys));
            limiter.record_failure(&keys);
        }
        assert!(limiter.is_blocked(&keys));
        assert!(!limiter.is_blocked(&["email:b@x.fr".to_string()]));
        limiter.record_success(&keys);
        assert!(!limiter.is_blocked(&keys));
    }
}
