using OrleansScheduler.Server.Tests.Infrastructure;
using Xunit.Abstractions;

namespace OrleansScheduler.Server.Tests;

public sealed class InMemoryExecExecutorTests(ITestOutputHelper output) : ExecExecutorTests(() => new InMemoryClusterStorage(), output);
