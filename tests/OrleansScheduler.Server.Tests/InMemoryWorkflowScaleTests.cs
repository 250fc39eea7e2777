using OrleansScheduler.Server.Tests.Infrastructure;
using Xunit.Abstractions;

namespace OrleansScheduler.Server.Tests;

public sealed class InMemoryWorkflowScaleTests(ITestOutputHelper output) : WorkflowScaleTests(() => new InMemoryClusterStorage(), output);
