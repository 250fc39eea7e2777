using OrleansScheduler.Tasks;

namespace OrleansScheduler.Storage.InMemory;

/// <summary>
/// The idempotency keys the in-memory store remembers: per queue, the task a key belongs to, a
/// fingerprint of its type and payload, and until when the key is remembered (fixed at the first
/// submission). Only touched under the store's lock.
/// </summary>
internal sealed class IdempotencyKeys
{
    private readonly Dictionary<(string Queue, string Key), (string Id, string Fingerprint, DateTimeOffset Until)> _keys = [];
    private readonly PriorityQueue<(string Queue, string Key), DateTimeOffset> _byExpiry = new();

    /// <summary>The id of the task a still-remembered key belongs to, or null.</summary>
    /// <exception cref="IdempotencyConflictException">The key's task has another type or payload.</exception>
    public string? Find(TaskSubmission spec, DateTimeOffset now)
    {
        if (spec.IdempotencyKey is not { } key || !_keys.TryGetValue((spec.Queue, key), out var known) || known.Until < now) return null;
        return known.Fingerprint == Fingerprint(spec) ? known.Id : throw new IdempotencyConflictException(spec.Queue, key, known.Id);
    }

    /// <summary>Remembers the key of a newly stored task, if it has one, for the submission's window.</summary>
    public void Remember(TaskSubmission spec, string taskId, DateTimeOffset now)
    {
        if (spec.IdempotencyKey is { } key)
        {
            var until = now + (spec.IdempotencyWindow ?? TaskLimits.DefaultIdempotencyWindow);
            _keys[(spec.Queue, key)] = (taskId, Fingerprint(spec), until);
            _byExpiry.Enqueue((spec.Queue, key), until);
        }
    }

    /// <summary>Drops the keys whose window has passed, so a busy store does not keep them forever (Redis lets them expire).</summary>
    public void ForgetExpired(DateTimeOffset now)
    {
        while (_byExpiry.TryPeek(out var entry, out var until) && until < now)
        {
            _byExpiry.Dequeue();
            // The entry may have been replaced by a newer task's key since: only drop what expired.
            if (_keys.TryGetValue(entry, out var known) && known.Until < now) _keys.Remove(entry);
        }
    }

    /// <summary>Forgets the key of a deleted or swept task, unless a newer task took it after the window.</summary>
    public void Forget(TaskSubmission spec, string taskId)
    {
        if (spec.IdempotencyKey is { } key && _keys.TryGetValue((spec.Queue, key), out var known) && known.Id == taskId) _keys.Remove((spec.Queue, key));
    }

    private static string Fingerprint(TaskSubmission spec) => spec.Type + "\n" + spec.Payload;
}
