namespace OrleansScheduler.Handlers;

/// <summary>
/// What a handler returns (<see cref="TaskContext.WaitForChildren"/>) to end its attempt by waiting for
/// the children it spawned: the task goes Waiting, and once every child is terminal it runs once more,
/// as its join step (<see cref="TaskContext.IsJoin"/>), with <see cref="JoinState"/> back.
/// </summary>
public sealed class WaitForChildren
{
    internal WaitForChildren(object? joinState) => JoinState = joinState;

    /// <summary>What the join step gets back from <see cref="TaskContext.GetJoinState{T}"/>; serialized as JSON.</summary>
    public object? JoinState { get; }
}
