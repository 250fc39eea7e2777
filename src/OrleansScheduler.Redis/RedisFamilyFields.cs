using OrleansScheduler.Tasks;

namespace OrleansScheduler.Redis;

/// <summary>
/// What submit.lua stores of a task's place in a family beside its submission (fields <c>pi</c>, <c>pq</c>,
/// <c>ci</c>, <c>d</c>, <c>cc</c>, <c>po</c>, <c>j</c> in <see cref="RedisKeys"/>).
/// </summary>
/// <param name="Wait">'J' a parent Waiting for its children (its first run is its join step), '\0' otherwise.</param>
/// <param name="ParentId">Its parent, when it is a child.</param>
/// <param name="ParentQueue">Its parent's queue, when it is a child.</param>
/// <param name="ChildIndex">Its position among its parent's children.</param>
/// <param name="Depth">How deep it is nested.</param>
/// <param name="ChildCount">How many children it is submitted with.</param>
/// <param name="Policy">What it does when a child ends Failed or Canceled.</param>
internal sealed record RedisFamilyFields(char Wait, string? ParentId, string? ParentQueue, int ChildIndex, int Depth, int ChildCount,
    ChildFailurePolicy Policy)
{
    /// <summary>The fields of child <paramref name="index"/> of <paramref name="parentId"/>.</summary>
    public static RedisFamilyFields Child(string parentId, string parentQueue, int index, int depth) =>
        new('\0', parentId, parentQueue, index, depth, 0, ChildFailurePolicy.Collect);

    /// <summary>The runs of consecutive positions in one queue, positions ascending: what a parent's <c>kids:&lt;id&gt;</c> records.</summary>
    public static List<(int First, int Last, string Queue)> Runs(IEnumerable<(int Position, string Queue)> children)
    {
        var runs = new List<(int First, int Last, string Queue)>();
        foreach (var (position, queue) in children)
        {
            if (runs.Count > 0 && runs[^1].Last == position - 1 && runs[^1].Queue == queue) runs[^1] = runs[^1] with { Last = position };
            else runs.Add((position, position, queue));
        }
        return runs;
    }
}
