using OrleansScheduler.Server.Tests.Infrastructure;
using Xunit.Abstractions;

namespace OrleansScheduler.Server.Tests;

public sealed class InMemoryWorkflowTests(ITestOutputHelper output) : WorkflowTests(() => new InMemoryClusterStorage(), output);
