import EventLog
import Foundation
import HTTPTypes
import RegistryDomain
import RegistryService

/// A problem shown to a browser as a page: a status and a sentence for a person, never JSON or a stack.
struct WebError: Error {
    var status: HTTPResponse.Status
    var message: String
    /// Where the page's link leads (the form's page, for a refused action).
    var back: String?

    init(_ status: HTTPResponse.Status, _ message: String, back: String? = nil) {
        self.status = status
        self.message = message
        self.back = back
    }
}
