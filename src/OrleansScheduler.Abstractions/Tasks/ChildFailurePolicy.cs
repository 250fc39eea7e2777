namespace OrleansScheduler.Tasks;

/// <summary>What a parent does when one of its children ends Failed or Canceled (DESIGN.md §8).</summary>
public enum ChildFailurePolicy
{
    /// <summary>The default: the parent waits for every child and its join step sees each outcome and decides.</summary>
    Collect,

    /// <summary>The first child that ends Failed or Canceled fails the parent at once and cancels the children still unfinished.</summary>
    FailFast,
}
