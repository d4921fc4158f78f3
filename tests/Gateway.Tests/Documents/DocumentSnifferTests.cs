using Gateway.Documents;

namespace Gateway.Tests.Documents;

public sealed class DocumentSnifferTests
{
    [Theory]
    [InlineData(new byte[] { 0x25, 0x50, 0x44, 0x46, 0x2D, 0x31, 0x2E, 0x37 }, DocumentKind.Pdf)]
    [InlineData(new byte[] { 0x49, 0x49, 0x2A, 0x00, 8, 0, 0, 0 }, DocumentKind.Tiff)]
    [InlineData(new byte[] { 0x4D, 0x4D, 0x00, 0x2A, 0, 0, 0, 8 }, DocumentKind.Tiff)]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, DocumentKind.Png)]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, 0x4A, 0x46 }, DocumentKind.Jpeg)]
    public void Recognizes_accepted_formats_by_magic_bytes(byte[] head, DocumentKind kind) =>
        Assert.Equal(kind, DocumentSniffer.Sniff(head));

    [Theory]
    [InlineData(new byte[] { 0x50, 0x4B, 0x03, 0x04 })] // ZIP / DOCX
    [InlineData(new byte[] { 0x25, 0x50, 0x44 })] // truncated %PD
    [InlineData(new byte[] { 0x49, 0x49, 0x2B, 0x00 })] // BigTIFF
    [InlineData(new byte[] { 0x47, 0x49, 0x46, 0x38 })] // GIF
    [InlineData(new byte[] { })]
    public void Rejects_anything_else(byte[] head) => Assert.Null(DocumentSniffer.Sniff(head));
}
