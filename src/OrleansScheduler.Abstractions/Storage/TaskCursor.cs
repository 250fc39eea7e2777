using System.Text;

namespace OrleansScheduler.Storage;

/// <summary>
/// The opaque cursor of a task listing: the queue and the id of the last task looked at. Both
/// stores page by (queue name, task id), so a cursor from one page means the same to either.
/// </summary>
public readonly record struct TaskCursor(string Queue, string LastId)
{
    /// <summary>Encodes the cursor for an API response.</summary>
    public string Encode() => Convert.ToBase64String(Encoding.UTF8.GetBytes(Queue + "/" + LastId)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Decodes a cursor; false when it was not made by <see cref="Encode"/>.</summary>
    public static bool TryDecode(string? text, out TaskCursor cursor)
    {
        cursor = default;
        if (string.IsNullOrEmpty(text) || text.Length > 400) return false;
        string b64 = text.Replace('-', '+').Replace('_', '/');
        b64 += new string('=', (4 - b64.Length % 4) % 4);
        Span<byte> bytes = stackalloc byte[300];
        if (!Convert.TryFromBase64String(b64, bytes, out int n)) return false;
        string raw = Encoding.UTF8.GetString(bytes[..n]);
        int slash = raw.IndexOf('/');
        if (slash <= 0 || slash == raw.Length - 1) return false;
        cursor = new TaskCursor(raw[..slash], raw[(slash + 1)..]);
        return Tasks.TaskLimits.IsValidQueue(cursor.Queue);
    }
}
