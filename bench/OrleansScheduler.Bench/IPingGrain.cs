namespace OrleansScheduler.Bench;

/// <summary>A grain that does nothing, for timing one grain call's round trip and nothing else.</summary>
public interface IPingGrain : IGrainWithIntegerKey
{
    /// <summary>Returns at once.</summary>
    Task PingAsync();
}
