using System.Diagnostics;

namespace OrleansScheduler.Testing;

/// <summary>Waits for a condition by polling, never by a fixed sleep; a timeout says what was awaited and what was last seen.</summary>
public static class Eventually
{
    /// <summary>Polls <paramref name="probe"/> until <paramref name="done"/> holds for its value, or fails after <paramref name="timeout"/>.</summary>
    public static async Task<T> Until<T>(Func<Task<T>> probe, Func<T, bool> done, string awaited, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(30);
        var watch = Stopwatch.StartNew();
        T last = await probe();
        while (!done(last))
        {
            if (watch.Elapsed > limit)
                Assert.Fail($"Timed out after {limit.TotalSeconds:0.#} s waiting for {awaited}; last seen: {Describe(last)}");
            await Task.Delay(20);
            last = await probe();
        }
        return last;
    }

    private static string Describe<T>(T value) => value switch
    {
        null => "null",
        System.Collections.IEnumerable items and not string => "[" + string.Join(", ", items.Cast<object?>().Take(20)) + "]",
        _ => value.ToString() ?? "",
    };
}
