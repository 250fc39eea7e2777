using OrleansScheduler.Api;
using OrleansScheduler.Client;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Silo.Demo;

/// <summary>One task of the demo and whether it is meant to end Failed (the dead-letter example).</summary>
internal sealed record DemoTask(SubmitTaskRequest Request, bool FailsOnPurpose);
