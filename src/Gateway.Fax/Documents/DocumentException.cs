namespace Gateway.Fax.Documents;

/// <summary>A document that cannot become fax pages: names the file and the cause, in words an operator can act on.</summary>
public sealed class DocumentException(string fileName, string cause, Exception? inner = null)
    : Exception($"{fileName}: {cause}", inner)
{
    /// <summary>The file's name as the user gave it.</summary>
    public string FileName { get; } = fileName;

    /// <summary>What is wrong with it.</summary>
    public string Cause { get; } = cause;
}
