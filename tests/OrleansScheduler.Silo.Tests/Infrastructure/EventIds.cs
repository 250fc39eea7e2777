namespace OrleansScheduler.Silo.Tests.Infrastructure;

/// <summary>Event ids (<c>&lt;ms&gt;-&lt;seq&gt;</c>) compared as the stores order them: by milliseconds, then sequence, as numbers.</summary>
public static class EventIds
{
    /// <summary>Negative, zero or positive as <paramref name="a"/> comes before, is, or comes after <paramref name="b"/>.</summary>
    public static int Compare(string a, string b) => Parse(a).CompareTo(Parse(b));

    /// <summary>Asserts the ids strictly increase.</summary>
    public static void AssertIncreasing(IReadOnlyList<string> ids)
    {
        for (int i = 1; i < ids.Count; i++)
            Assert.True(Compare(ids[i - 1], ids[i]) < 0, $"event ids should strictly increase: {string.Join(", ", ids)}");
    }

    private static (long Ms, long Seq) Parse(string id)
    {
        string[] parts = id.Split('-');
        return (long.Parse(parts[0]), parts.Length > 1 ? long.Parse(parts[1]) : 0);
    }
}
