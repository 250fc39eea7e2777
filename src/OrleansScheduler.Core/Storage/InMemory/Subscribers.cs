namespace OrleansScheduler.Storage.InMemory;

/// <summary>
/// Callbacks by key (a queue's wake-ups, a silo's cancellations) for the in-memory store, the way
/// pub/sub channels serve the Redis store. Callbacks run outside any lock, on the notifying thread.
/// </summary>
internal sealed class Subscribers
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, List<Action<string>>> _byKey = new(StringComparer.Ordinal);

    /// <summary>Calls <paramref name="callback"/> with each message for <paramref name="key"/> until the result is disposed.</summary>
    public IAsyncDisposable Subscribe(string key, Action<string> callback)
    {
        lock (_gate)
        {
            if (!_byKey.TryGetValue(key, out var list)) _byKey[key] = list = [];
            list.Add(callback);
        }
        return new Subscription(() =>
        {
            lock (_gate) _byKey[key].Remove(callback);
        });
    }

    /// <summary>Hands <paramref name="message"/> to every subscriber of <paramref name="key"/>.</summary>
    public void Notify(string key, string message)
    {
        Action<string>[] callbacks;
        lock (_gate) callbacks = _byKey.TryGetValue(key, out var list) ? [.. list] : [];
        foreach (var callback in callbacks) callback(message);
    }

    private sealed class Subscription(Action unsubscribe) : IAsyncDisposable
    {
        private int _disposed;

        public ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) unsubscribe();
            return ValueTask.CompletedTask;
        }
    }
}
