using OrleansScheduler.Tasks;

namespace OrleansScheduler.Core.Tests;

public sealed class TaskIdTests
{
    [Fact]
    public void ids_are_26_crockford_characters_and_valid_task_ids()
    {
        string id = TaskId.New(DateTimeOffset.UtcNow);
        Assert.Equal(26, id.Length);
        Assert.Matches("^[0-9A-HJKMNP-TV-Z]{26}$", id);
        Assert.True(TaskLimits.IsValidId(id));
    }

    [Fact]
    public void ids_made_in_the_same_millisecond_still_sort_in_creation_order()
    {
        var now = DateTimeOffset.UtcNow;
        var ids = Enumerable.Range(0, 10_000).Select(_ => TaskId.New(now)).ToList();
        Assert.Equal(ids.Order(StringComparer.Ordinal), ids);
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public void later_ids_sort_after_earlier_ones()
    {
        var earlier = TaskId.New(DateTimeOffset.UtcNow);
        var later = TaskId.New(DateTimeOffset.UtcNow.AddSeconds(1));
        Assert.True(string.CompareOrdinal(earlier, later) < 0);
    }
}
