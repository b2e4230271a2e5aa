namespace TeachingAssistant.Hosting;

/// <summary>The database holds another semester (another seed, size or mail source) than the one asked for.</summary>
internal sealed class DatabaseInUseException : Exception
{
    public DatabaseInUseException(string message)
        : base(message)
    {
    }
}
