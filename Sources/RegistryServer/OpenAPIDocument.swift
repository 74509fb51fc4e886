/// The OpenAPI 3.1 description of the JSON API, served at `GET /v1/openapi.json`.
enum OpenAPIDocument {
    static let json = #"""
        {
          "openapi": "3.1.0",
          "info": {
            "title": "ModelRegistry API",
            "version": "1.0.0",
            "description": "ModelRegistry keeps statistical and machine-learning models, their versions and artifacts, aliases, four-eyes approvals and principals for institutions that must be able to show, years later, which version was live, who registered it, who approved it and who used it. It is event-sourced: every change is appended as an event to an immutable, hash-chained ledger (each event's SHA-256 covers the previous event's hash), and the current state served here is a projection of that ledger. Every timestamp in requests and responses is an RFC 3339 string; responses always give UTC with exactly six fractional digits (microseconds), e.g. `2025-03-31T14:02:07.123456Z`, and requests may also give another offset or a bare date meaning midnight UTC. JSON field names are snake_case; optional fields are omitted when not set. All routes under `/v1` except `/v1/openapi.json` need `Authorization: Bearer <token>`; errors are `{\"error\": {\"code\": …, \"message\": …}}`. Access: registry-wide roles are `admin` (everything, including principals) and `auditor` (reads everything, changes nothing), and per model a principal holds roles `viewer` < `user` < `editor`, `approver` (which includes `user` but not `editor`) and `owner` (everything, held by the model's creator), granted with `PUT /v1/models/{name}/grants/{principal}`; a model the caller may not see answers 404 `model_not_found` and is absent from lists, while a visible model with too weak a role answers 403 `forbidden` naming the role needed. Time travel: reads that take `at` and `known_at` answer for that pair of instants and say so in `as_of`. `at` is valid time (when something was so) and `known_at` transaction time (when the registry knew it; default now): `at=T` alone answers with everything known now about T, including corrections recorded later and back-dated to before T, while `at=T&known_at=T` answers what the registry said at T. These answers are read from temporal tables (bitemporal validity ranges, GiST-indexed), which a property test holds equal to a fold of the ledger. Corrections: the ledger is never rewritten. A model's owner or an admin corrects its past by appending a back-dated fact (`effective_at` with a reason on the model's write routes) or a retraction of an earlier event (`POST /v1/models/{name}/retractions`); an admin brings in models that lived before the registry with `POST /v1/imports`. Predictions: versions of format `linear` (a statsmodels linear model or GLM as JSON) are read and checked when they are registered, and served by `POST /v1/models/{name}/predict`; every prediction is written to an append-only prediction log before it is answered, in batches each sealed into the ledger by a `PredictionBatchSealed` event carrying the Merkle root of the batch. Predictions made elsewhere, by versions of any format, are recorded with `POST /v1/models/{name}/predictions` into the same log and batches; `GET /v1/models/{name}/usage` counts a model's predictions and downloads. Enquiries: `GET /v1/enquiries/predictions/{id}` gathers everything behind one prediction (its leaf with the Merkle proof, the seal, the version, approval and grants in force then) and `GET /v1/enquiries/models/{name}` a model's complete state at an instant, each as one document that can be read without the registry. Tamper evidence: the registry signs heads of an RFC 6962 Merkle tree over the ledger with its Ed25519 key every N events or M minutes (`/v1/checkpoints`), proves an event's inclusion in a head and a head's consistency with an earlier one (`/v1/proofs/…`), and verifies the ledger and the prediction log (`GET /v1/verify`); the ledger, the decision log, the model inventory and reports of a period are exported for auditors (`/v1/exports/…`, `GET /v1/reports`), in the layouts of docs/VERIFYING.md that `tools/verify_log.py` checks without the registry."
          },
          "servers": [
            {
              "url": "http://127.0.0.1:8080"
            }
          ],
          "security": [
            {
              "bearerAuth": []
            }
          ],
          "tags": [
            {
              "name": "Health",
              "description": "Liveness and this document; no token needed."
            },
            {
              "name": "Artifacts",
              "description": "Content-addressed artifact storage."
            },
            {
              "name": "Models",
              "description": "Registered models and their history."
            },
            {
              "name": "Versions",
              "description": "Versions of a model and their artifacts."
            },
            {
              "name": "Aliases",
              "description": "Named pointers to versions (promotions)."
            },
            {
              "name": "Approvals",
              "description": "Four-eyes reviews."
            },
            {
              "name": "Access",
              "description": "Per-model roles (grants, with optional expiry) and protected aliases."
            },
            {
              "name": "Evaluation",
              "description": "The registry's own metrics for `linear` versions, computed on a model's evaluation dataset (distinct from the metrics a registrant claims), and promotion gates on them."
            },
            {
              "name": "Predictions",
              "description": "Predictions served from `linear` versions or reported from elsewhere, each logged durably and sealed into the ledger before it is answered; and how often each version was used."
            },
            {
              "name": "Enquiries",
              "description": "Documents for a review that can be read without the registry: one prediction with everything that stood behind it, or a model's complete state at an instant. For a model's owner, auditors and admins."
            },
            {
              "name": "Events",
              "description": "The hash-chained ledger."
            },
            {
              "name": "Tamper evidence",
              "description": "Signed checkpoints (Ed25519 heads of an RFC 6962 Merkle tree over the ledger), inclusion and consistency proofs, and verification of the ledger and the prediction log (docs/VERIFYING.md)."
            },
            {
              "name": "Compliance",
              "description": "Exports for auditors and supervisors, each verifiable without the registry: the ledger, the decision log, the model inventory for a pair of instants, and reports of a period (docs/COMPLIANCE.md). Admins and auditors."
            },
            {
              "name": "Imports",
              "description": "Backfills of models that lived before the registry."
            },
            {
              "name": "Principals",
              "description": "Principals and their bearer tokens."
            }
          ],
          "paths": {
            "/health": {
              "get": {
                "operationId": "getHealth",
                "tags": [
                  "Health"
                ],
                "summary": "Liveness and database reachability",
                "description": "200 when the database answers `SELECT 1`, 503 otherwise. Needs no token; meant for load balancers.",
                "parameters": [
                  {
                    "$ref": "#/components/parameters/RequestId"
                  }
                ],
                "responses": {
                  "200": {
                    "description": "The server and its database are up.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Health"
                        }
                      }
                    }
                  },
                  "503": {
                    "description": "The database is unreachable (`{\"status\": \"unavailable\", \"database\": \"unreachable\"}`).",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      },
                      "Retry-After": {
                        "$ref": "#/components/headers/Retry-After"
                      }
                    },
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Health"
                        }
                      }
                    }
                  }
                },
                "security": []
              }
            },
            "/v1/openapi.json": {
              "get": {
                "operationId": "getOpenAPIDocument",
                "tags": [
                  "Health"
                ],
                "summary": "This OpenAPI document",
                "description": "Needs no token.",
                "parameters": [
                  {
                    "$ref": "#/components/parameters/RequestId"
                  }
                ],
                "responses": {
                  "200": {
                    "description": "The OpenAPI 3.1 description of the API.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "application/json": {
                        "schema": {
                          "type": "object"
                        }
                      }
                    }
                  }
                },
                "security": []
              }
            },
            "/v1/artifacts": {
              "post": {
                "operationId": "uploadArtifact",
                "tags": [
                  "Artifacts"
                ],
                "summary": "Upload an artifact",
                "description": "The raw request body is the artifact. It is streamed into content-addressed storage (SHA-256) inside one transaction and stored once: uploading bytes that are already stored answers 200 with the existing record and stores nothing new. Register a version referring to it with `POST /v1/models/{name}/versions`. The `Idempotency-Key` header is ignored on this route, since content addressing already makes the upload idempotent. Open to every principal except those who are only auditors (403).",
                "parameters": [
                  {
                    "$ref": "#/components/parameters/ExpectedSHA256Header"
                  },
                  {
                    "$ref": "#/components/parameters/ExpectedSHA256Query"
                  },
                  {
                    "$ref": "#/components/parameters/RequestId"
                  },
                  {
                    "name": "Idempotency-Key",
                    "in": "header",
                    "required": false,
                    "description": "Accepted and ignored, whatever it holds: an upload is idempotent by nature (the same bytes are stored once, and a repeat answers 200 with the stored artifact), and it is not kept for replay.",
                    "schema": {
                      "type": "string"
                    }
                  }
                ],
                "requestBody": {
                  "required": true,
                  "description": "The artifact's bytes (a zero-length body stores the empty artifact).",
                  "content": {
                    "application/octet-stream": {
                      "schema": {
                        "type": "string",
                        "format": "binary"
                      }
                    }
                  }
                },
                "responses": {
                  "201": {
                    "description": "Stored: the artifact is new.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/ArtifactInfo"
                        }
                      }
                    }
                  },
                  "200": {
                    "description": "Already stored: the existing record (its original `created_at` and `created_by`).",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/ArtifactInfo"
                        }
                      }
                    }
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest",
                    "description": "`invalid_digest`: the expected SHA-256 is not 64 lowercase hexadecimal characters."
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden",
                    "description": "`forbidden`: the caller is an auditor (and not an admin); auditors change nothing."
                  },
                  "413": {
                    "$ref": "#/components/responses/PayloadTooLarge",
                    "description": "`artifact_too_large`: the declared `Content-Length` or the streamed body exceeds the server's limit (`--max-artifact-size`, 2 GiB by default)."
                  },
                  "422": {
                    "$ref": "#/components/responses/UnprocessableContent",
                    "description": "`digest_mismatch`: the bytes do not hash to the expected SHA-256; nothing was stored."
                  },
                  "503": {
                    "$ref": "#/components/responses/ServiceUnavailable"
                  }
                }
              }
            },
            "/v1/artifacts/{sha256}": {
              "get": {
                "operationId": "getArtifact",
                "tags": [
                  "Artifacts"
                ],
                "summary": "Describe a stored artifact",
                "description": "The artifact's record (not its bytes; download those through `GET /v1/models/{name}/versions/{version}/artifact`). Only the principal that first uploaded it, auditors and admins see it; for anyone else it answers 404, so knowing a digest reveals nothing.",
                "parameters": [
                  {
                    "$ref": "#/components/parameters/ArtifactSHA256"
                  },
                  {
                    "$ref": "#/components/parameters/RequestId"
                  }
                ],
                "responses": {
                  "200": {
                    "description": "The artifact's record.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/ArtifactInfo"
                        }
                      }
                    }
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound",
                    "description": "`artifact_not_found`: no such artifact, or the caller neither uploaded it nor is an admin or auditor."
                  },
                  "503": {
                    "$ref": "#/components/responses/ServiceUnavailable"
                  }
                }
              }
            },
            "/v1/models": {
              "post": {
                "operationId": "createModel",
                "tags": [
                  "Models"
                ],
                "summary": "Register a model",
                "description": "Creates a model owned by the caller (`ModelRegistered`), who thereby holds the `owner` role on it. Open to every principal except those who are only auditors (403).",
                "parameters": [
                  {
                    "$ref": "#/components/parameters/RequestId"
                  },
                  {
                    "$ref": "#/components/parameters/IdempotencyKey"
                  }
                ],
                "requestBody": {
                  "required": true,
                  "content": {
                    "application/json": {
                      "schema": {
                        "$ref": "#/components/schemas/CreateModelRequest"
                      }
                    }
                  }
                },
                "responses": {
                  "201": {
                    "description": "The new model.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      },
                      "Idempotent-Replayed": {
                        "$ref": "#/components/headers/Idempotent-Replayed"
                      }
                    },
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/ModelView"
                        }
                      }
                    }
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest",
                    "description": "`invalid_json` or `invalid_idempotency_key`."
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden",
                    "description": "`forbidden`: the caller is an auditor (and not an admin); auditors change nothing."
                  },
                  "409": {
                    "$ref": "#/components/responses/Conflict",
                    "description": "`model_already_exists`, `version_conflict` or `idempotency_conflict`."
                  },
                  "413": {
                    "$ref": "#/components/responses/PayloadTooLarge",
                    "description": "`payload_too_large`: the body exceeds 1 MiB."
                  },
                  "422": {
                    "$ref": "#/components/responses/UnprocessableContent",
                    "description": "`invalid_argument` (name, description or tags break the rules) or `idempotency_key_reused`."
                  },
                  "503": {
                    "$ref": "#/components/responses/ServiceUnavailable"
                  }
                }
              },
              "get": {
                "operationId": "listModels",
                "tags": [
                  "Models"
                ],
                "summary": "List models",
                "description": "The models the caller may see (those it holds any role on; every model for admins and auditors), ordered by name, a page at a time. Models the caller may not see are simply absent. With `at` or `known_at` (either defaults to now), only the models that existed for that pair of instants and that the caller may see now, each as it stood then (the fold of its events recorded by `known_at` and effective by `at`); the page then carries `as_of`.",
                "parameters": [
                  {
                    "$ref": "#/components/parameters/AfterName"
                  },
                  {
                    "$ref": "#/components/parameters/Limit"
                  },
                  {
                    "$ref": "#/components/parameters/NameContains"
                  },
                  {
                    "$ref": "#/components/parameters/At"
                  },
                  {
                    "$ref": "#/components/parameters/KnownAt"
                  },
                  {
                    "$ref": "#/components/parameters/RequestId"
                  }
                ],
                "responses": {
                  "200": {
                    "description": "A page of models.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/ModelPage"
                        }
                      }
                    }
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest",
                    "description": "`invalid_parameter`: `limit` is not an integer from 1 to 1000, or `at` or `known_at` is not an RFC 3339 timestamp or a `YYYY-MM-DD` date in 1900 to 2099."
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "503": {
                    "$ref": "#/components/responses/ServiceUnavailable"
                  }
                }
              }
            },
            "/v1/models/{name}": {
              "parameters": [
                {
                  "$ref": "#/components/parameters/ModelName"
                }
              ],
              "get": {
                "operationId": "getModel",
                "tags": [
                  "Models"
                ],
                "summary": "Show a model",
                "description": "The model's current state, or its state then. With `at` or `known_at` (either defaults to now) the answer is the fold of the model's events recorded by `known_at` and effective by `at`, and carries `as_of`; rights are checked as they are now. Needs any role on the model, or the registry role `admin` or `auditor`; a model the caller may not see answers 404 `model_not_found`.",
                "parameters": [
                  {
                    "$ref": "#/components/parameters/At"
                  },
                  {
                    "$ref": "#/components/parameters/KnownAt"
                  },
                  {
                    "$ref": "#/components/parameters/RequestId"
                  }
                ],
                "responses": {
                  "200": {
                    "description": "The model.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/ModelView"
                        }
                      }
                    }
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest",
                    "description": "`invalid_parameter`: `at` or `known_at` is not an RFC 3339 timestamp or a `YYYY-MM-DD` date in 1900 to 2099."
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound",
                    "description": "`model_not_found`: no such model, the caller may not see it, or (with `at`/`known_at`) it did not exist then."
                  },
                  "503": {
                    "$ref": "#/components/responses/ServiceUnavailable"
                  }
                }
              },
              "patch": {
                "operationId": "updateModel",
                "tags": [
                  "Models"
                ],
                "summary": "Update a model's description or tags",
                "description": "Appends `ModelUpdated` unless the values are already so (then nothing is appended and the model is returned unchanged). Needs the `editor` role on the model (or `owner`) (admins may do everything; auditors change nothing); a model the caller may not see answers 404 `model_not_found`, a visible one with too weak a role 403 `forbidden`. With `effective_at` (and a non-empty `reason`) the update is a correction: recorded now as effective at that earlier instant, compared with the model as it stood then, and in force until the next later change of the same field; only the model's owner or an admin may make it. The answer is the model as it stands now.",
                "parameters": [
                  {
                    "$ref": "#/components/parameters/RequestId"
                  },
                  {
                    "$ref": "#/components/parameters/IdempotencyKey"
                  }
                ],
                "requestBody": {
                  "required": true,
                  "content": {
                    "application/json": {
                      "schema": {
                        "$ref": "#/components/schemas/UpdateModelRequest"
                      }
                    }
                  }
                },
                "responses": {
                  "200": {
                    "description": "The model after the update.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      },
                      "Idempotent-Replayed": {
                        "$ref": "#/components/headers/Idempotent-Replayed"
                      }
                    },
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/ModelView"
                        }
                      }
                    }
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest",
                    "description": "`invalid_json` (including a malformed `effective_at`) or `invalid_idempotency_key`."
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden",
                    "description": "`forbidden`: the caller can see the model but lacks the `editor` role on it, or gave `effective_at` without being the model's owner or an admin, even if it may make the change now."
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound",
                    "description": "`model_not_found`: no such model, or the caller may not see it."
                  },
                  "409": {
                    "$ref": "#/components/responses/Conflict",
                    "description": "`version_conflict` or `idempotency_conflict`."
                  },
                  "413": {
                    "$ref": "#/components/responses/PayloadTooLarge",
                    "description": "`payload_too_large`: the body exceeds 1 MiB."
                  },
                  "422": {
                    "$ref": "#/components/responses/UnprocessableContent",
                    "description": "`invalid_argument` (neither `description` nor `tags` given, a value breaks the rules; with `effective_at`: no reason, `effective_at` in the future or before the model was registered) or `idempotency_key_reused`."
                  },
                  "503": {
                    "$ref": "#/components/responses/ServiceUnavailable"
                  }
                }
              }
            },
            "/v1/models/{name}/history": {
              "get": {
                "operationId": "getModelHistory",
                "tags": [
                  "Models"
                ],
                "summary": "A model's events",
                "description": "Every event of the model's stream in order, with both times, actor, payload and hashes, paged by `stream_version`. Each event also says why (`reason`), whether it was back-dated (`back_dated`), which event it superseded (`supersedes`), which event it withdrew (`retracts`, for an `EventRetracted`) and which retraction withdrew it (`retracted_by`); a retracted event stays in the history, while every other read leaves it out. With `at` or `known_at` (either defaults to now), only the events recorded by `known_at` and effective by `at` (possibly none), annotated as known at `known_at`, and the page carries `as_of`; rights are checked as they are now. Needs any role on the model, or the registry role `admin` or `auditor`; a model the caller may not see answers 404 `model_not_found`.",
                "parameters": [
                  {
                    "$ref": "#/components/parameters/ModelName"
                  },
                  {
                    "$ref": "#/components/parameters/AfterStreamVersion"
                  },
                  {
                    "$ref": "#/components/parameters/Limit"
                  },
                  {
                    "$ref": "#/components/parameters/At"
                  },
                  {
                    "$ref": "#/components/parameters/KnownAt"
                  },
                  {
                    "$ref": "#/components/parameters/RequestId"
                  }
                ],
                "responses": {
                  "200": {
                    "description": "A page of the model's events.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/EventPage"
                        }
                      }
                    }
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest",
                    "description": "`invalid_parameter`: `limit` or `after` out of range, or `at` or `known_at` not an RFC 3339 timestamp or a `YYYY-MM-DD` date in 1900 to 2099."
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound",
                    "description": "`model_not_found`: no such model, the caller may not see it, or (with `at`/`known_at`) it did not exist then."
                  },
                  "503": {
                    "$ref": "#/components/responses/ServiceUnavailable"
                  }
                }
              }
            },
            "/v1/models/{name}/retractions": {
              "post": {
                "operationId": "retractEvent",
                "tags": [
                  "Models"
                ],
                "summary": "Retract an event",
                "description": "Withdraws an earlier event of the model by appending `EventRetracted`; nothing is rewritten. From the moment the retraction is recorded, reads leave the retracted event out: the model, its versions, aliases and grants, `/v1/live`, and time travel with `known_at` at or after it answer as if it had never been appended (the facts it set fall back to what was in force without it), while `known_at` before the retraction still answers as before. The history keeps both: the withdrawn event with `retracted_by`, the retraction with `retracts`. Only `ModelUpdated`, `AliasSet`, `AliasRemoved`, `VersionApproved`, `ProtectedAliasesChanged`, `AccessGranted` and `AccessRevoked` events can be retracted; registrations of models and versions, downloads and retractions cannot. Needs the `owner` role on the model (its creator holds it) or `admin`; auditors change nothing. A model the caller may not see answers 404 `model_not_found`, a visible one without `owner` 403 `forbidden`.",
                "parameters": [
                  {
                    "$ref": "#/components/parameters/ModelName"
                  },
                  {
                    "$ref": "#/components/parameters/RequestId"
                  },
                  {
                    "$ref": "#/components/parameters/IdempotencyKey"
                  }
                ],
                "requestBody": {
                  "required": true,
                  "content": {
                    "application/json": {
                      "schema": {
                        "$ref": "#/components/schemas/RetractionRequest"
                      }
                    }
                  }
                },
                "responses": {
                  "201": {
                    "description": "The retraction as the model's history shows it: an `EventRetracted` with `retracts` naming the withdrawn event and `reason`.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      },
                      "Idempotent-Replayed": {
                        "$ref": "#/components/headers/Idempotent-Replayed"
                      }
                    },
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/EventView"
                        }
                      }
                    }
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest",
                    "description": "`invalid_json` (body missing or malformed, `event_id` missing or not a UUID, `reason` missing) or `invalid_idempotency_key`."
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden",
                    "description": "`forbidden`: the caller can see the model but is neither its owner nor an admin (auditors included)."
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound",
                    "description": "`model_not_found` (no such model, or the caller may not see it) or `event_not_found` (no event with that id in this model's stream)."
                  },
                  "409": {
                    "$ref": "#/components/responses/Conflict",
                    "description": "`already_retracted` (the event was withdrawn before), `version_conflict` or `idempotency_conflict`."
                  },
                  "413": {
                    "$ref": "#/components/responses/PayloadTooLarge",
                    "description": "`payload_too_large`: the body exceeds 1 MiB."
                  },
                  "422": {
                    "$ref": "#/components/responses/UnprocessableContent",
                    "description": "`invalid_argument` (an empty reason or one longer than 2000 characters, or an event of a type that cannot be retracted) or `idempotency_key_reused`."
                  },
                  "503": {
                    "$ref": "#/components/responses/ServiceUnavailable"
                  }
                }
              }
            },
            "/v1/models/{name}/versions": {
              "parameters": [
                {
                  "$ref": "#/components/parameters/ModelName"
                }
              ],
              "post": {
                "operationId": "registerVersion",
                "tags": [
                  "Versions"
                ],
                "summary": "Register a version",
                "description": "Registers the next version (1, 2, 3 …) of the model for an artifact already uploaded to `POST /v1/artifacts` (`VersionRegistered`); the registrant is the caller. Needs the `editor` role on the model (or `owner`) (admins may do everything; auditors change nothing); a model the caller may not see answers 404 `model_not_found`, a visible one with too weak a role 403 `forbidden`. With `effective_at` (and a non-empty `reason`) the version is a correction: recorded now as registered at that earlier instant, which must be after the latest version's (a version cannot be slipped in before an existing one); only the model's owner or an admin may register it so. A `linear` version is read now: its artifact must be a `LinearModelArtifact` (the statsmodels JSON of a linear model or GLM, at most 4 MiB), a term the registry cannot evaluate is refused now (422 `unsupported_term`) rather than at prediction time, and the version's `signature` is derived from its terms (`LinearSignature`); a declared `signature` that differs is refused (422 `invalid_model`). When the model has an evaluation dataset, a new `linear` version is evaluated on it before the answer (`MetricsComputed`, actor `registry`; see `PUT /v1/models/{name}/evaluation`) and the answer carries `computed_metrics`; a version the dataset cannot evaluate is registered without them. Artifacts of other formats are stored as given and never read.",
                "parameters": [
                  {
                    "$ref": "#/components/parameters/RequestId"
                  },
                  {
                    "$ref": "#/components/parameters/IdempotencyKey"
                  }
                ],
                "requestBody": {
                  "required": true,
                  "content": {
                    "application/json": {
                      "schema": {
                        "$ref": "#/components/schemas/RegisterVersionRequest"
                      }
                    }
                  }
                },
                "responses": {
                  "201": {
                    "description": "The new version.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      },
                      "Idempotent-Replayed": {
                        "$ref": "#/components/headers/Idempotent-Replayed"
                      }
                    },
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/VersionView"
                        }
                      }
                    }
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest",
                    "description": "`invalid_json` (including a malformed `effective_at`) or `invalid_idempotency_key`."
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden",
                    "description": "`forbidden`: the caller can see the model but lacks the `editor` role on it, or gave `effective_at` without being the model's owner or an admin, even if it may make the change now."
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound",
                    "description": "`model_not_found`: no such model, or the caller may not see it."
                  },
                  "409": {
                    "$ref": "#/components/responses/Conflict",
                    "description": "`version_conflict` or `idempotency_conflict`."
                  },
                  "413": {
                    "$ref": "#/components/responses/PayloadTooLarge",
                    "description": "`payload_too_large`: the body exceeds 1 MiB."
                  },
                  "422": {
                    "$ref": "#/components/responses/UnprocessableContent",
                    "description": "`invalid_argument` (malformed `artifact_sha256` or `format`, description, tags or metrics breaking the rules; with `effective_at`: no reason, `effective_at` in the future, before the model was registered or not after the latest version's), `artifact_not_found` (no artifact with that SHA-256 was uploaded), `invalid_model` (a `linear` artifact that is not a JSON object, has no `formula` or `params`, an unknown `family` or `link`, a coefficient that is not a finite number, a term's level missing from its variable's declared `levels`, or more than 4 MiB; or a declared `signature` that differs from the derived one), `unsupported_term` (a `linear` term other than `Intercept`, a numeric variable, `C(x)[level]`, `C(x)[T.level]` or an `a:b` interaction of these, named in the message; or a variable used both as a number and as a category) or `idempotency_key_reused`."
                  },
                  "503": {
                    "$ref": "#/components/responses/ServiceUnavailable"
                  }
                }
              },
              "get": {
                "operationId": "listVersions",
                "tags": [
                  "Versions"
                ],
                "summary": "List a model's versions",
                "description": "Versions in ascending order, a page at a time; with `at` or `known_at`, those registered then, as they stood then. With `at` or `known_at` (either defaults to now) the answer is the fold of the model's events recorded by `known_at` and effective by `at`, and carries `as_of`; rights are checked as they are now. Needs any role on the model, or the registry role `admin` or `auditor`; a model the caller may not see answers 404 `model_not_found`.",
                "parameters": [
                  {
                    "$ref": "#/components/parameters/AfterVersion"
                  },
                  {
                    "$ref": "#/components/parameters/Limit"
                  },
                  {
                    "$ref": "#/components/parameters/At"
                  },
                  {
                    "$ref": "#/components/parameters/KnownAt"
                  },
                  {
                    "$ref": "#/components/parameters/RequestId"
                  }
                ],
                "responses": {
                  "200": {
                    "description": "A page of versions.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/VersionPage"
                        }
                      }
                    }
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest",
                    "description": "`invalid_parameter`: `limit` or `after` out of range, or `at` or `known_at` not an RFC 3339 timestamp or a `YYYY-MM-DD` date in 1900 to 2099."
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound",
                    "description": "`model_not_found`: no such model, the caller may not see it, or (with `at`/`known_at`) it did not exist then."
                  },
                  "503": {
                    "$ref": "#/components/responses/ServiceUnavailable"
                  }
                }
              }
            },
            "/v1/models/{name}/versions/{version}": {
              "get": {
                "operationId": "getVersion",
                "tags": [
                  "Versions"
                ],
                "summary": "Show a version",
                "description": "One version with its aliases and approvals, now or then. With `at` or `known_at` (either defaults to now) the answer is the fold of the model's events recorded by `known_at` and effective by `at`, and carries `as_of`; rights are checked as they are now. Needs any role on the model, or the registry role `admin` or `auditor`; a model the caller may not see answers 404 `model_not_found`.",
                "parameters": [
                  {
                    "$ref": "#/components/parameters/ModelName"
                  },
                  {
                    "$ref": "#/components/parameters/VersionNumber"
                  },
                  {
                    "$ref": "#/components/parameters/At"
                  },
                  {
                    "$ref": "#/components/parameters/KnownAt"
                  },
                  {
                    "$ref": "#/components/parameters/RequestId"
                  }
                ],
                "responses": {
                  "200": {
                    "description": "The version.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/VersionView"
                        }
                      }
                    }
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest",
                    "description": "`invalid_parameter`: `version` is not a positive integer, or `at` or `known_at` is not an RFC 3339 timestamp or a `YYYY-MM-DD` date in 1900 to 2099."
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound",
                    "description": "`model_not_found` (no such model, the caller may not see it, or with `at`/`known_at` it did not exist then) or `version_not_found` (no such version, or not registered then)."
                  },
                  "503": {
                    "$ref": "#/components/responses/ServiceUnavailable"
                  }
                }
              }
            },
            "/v1/models/{name}/versions/{version}/artifact": {
              "get": {
                "operationId": "downloadVersionArtifact",
                "tags": [
                  "Versions"
                ],
                "summary": "Download a version's artifact",
                "description": "Records the download in the ledger (`ArtifactDownloaded`: who used which version), then streams the artifact's bytes, checking their SHA-256 on the way. If the stored bytes fail that check the last chunk is withheld and the connection is closed, so a client never receives a complete but corrupted artifact: compare the received bytes with `X-Artifact-SHA256`. Needs the `user` role on the model (`editor`, `approver` and `owner` include it) or `admin`; auditors, who only read records, get 403. A model the caller may not see answers 404 `model_not_found`.",
                "parameters": [
                  {
                    "$ref": "#/components/parameters/ModelName"
                  },
                  {
                    "$ref": "#/components/parameters/VersionNumber"
                  },
                  {
                    "$ref": "#/components/parameters/RequestId"
                  }
                ],
                "responses": {
                  "200": {
                    "description": "The artifact's bytes.",
                    "headers": {
                      "X-Artifact-SHA256": {
                        "description": "SHA-256 of the artifact, 64 lowercase hexadecimal characters.",
                        "schema": {
                          "type": "string",
                          "pattern": "^[0-9a-f]{64}$"
                        }
                      },
                      "ETag": {
                        "description": "The SHA-256 in double quotes: `\"<sha256>\"`.",
                        "schema": {
                          "type": "string"
                        }
                      },
                      "Content-Disposition": {
                        "description": "`attachment; filename=\"<name>-v<version>.bin\"`.",
                        "schema": {
                          "type": "string"
                        }
                      },
                      "Content-Length": {
                        "description": "The artifact's size in bytes.",
                        "schema": {
                          "type": "integer",
                          "minimum": 0
                        }
                      },
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "application/octet-stream": {
                        "schema": {
                          "type": "string",
                          "format": "binary"
                        }
                      }
                    }
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest",
                    "description": "`invalid_parameter`: `version` is not a positive integer."
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden",
                    "description": "`forbidden`: the caller can see the model but lacks the `user` role on it (a `viewer`, or an auditor)."
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound",
                    "description": "`model_not_found` (no such model, or the caller may not see it) or `version_not_found`."
                  },
                  "409": {
                    "$ref": "#/components/responses/Conflict",
                    "description": "`version_conflict`: recording the download kept conflicting with concurrent changes; retry."
                  },
                  "503": {
                    "$ref": "#/components/responses/ServiceUnavailable"
                  }
                }
              }
            },
            "/v1/models/{name}/versions/{version}/approvals": {
              "post": {
                "operationId": "reviewVersion",
                "tags": [
                  "Approvals"
                ],
                "summary": "Review a version for an alias",
                "description": "Records a four-eyes review (`VersionApproved`) of the version for an alias. The reviewer must not be the version's registrant. A protected alias (such as `production`) may only be set to a version with an approval in force for it. The body may be `{}` to approve for `production`. Needs the `approver` role on the model (or `owner`) (admins may do everything; auditors change nothing); a model the caller may not see answers 404 `model_not_found`, a visible one with too weak a role 403 `forbidden`. With `effective_at` the review is a correction: recorded now as made at that earlier instant, against the model as it stood then (the version must have existed then); `notes` serve as its reason and must not be empty, and only the model's owner or an admin may record it. The answer's `approved_at` is then `effective_at`.",
                "parameters": [
                  {
                    "$ref": "#/components/parameters/ModelName"
                  },
                  {
                    "$ref": "#/components/parameters/VersionNumber"
                  },
                  {
                    "$ref": "#/components/parameters/RequestId"
                  },
                  {
                    "$ref": "#/components/parameters/IdempotencyKey"
                  }
                ],
                "requestBody": {
                  "required": true,
                  "content": {
                    "application/json": {
                      "schema": {
                        "$ref": "#/components/schemas/ReviewRequest"
                      }
                    }
                  },
                  "description": "All fields optional; a JSON body (at least `{}`) is required."
                },
                "responses": {
                  "201": {
                    "description": "The recorded review.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      },
                      "Idempotent-Replayed": {
                        "$ref": "#/components/headers/Idempotent-Replayed"
                      }
                    },
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/ApprovalView"
                        }
                      }
                    }
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest",
                    "description": "`invalid_json` (including an empty body or a malformed `effective_at`), `invalid_parameter` (`version` is not a positive integer) or `invalid_idempotency_key`."
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden",
                    "description": "`forbidden` (the caller can see the model but lacks the `approver` role on it, or gave `effective_at` without being the model's owner or an admin, even if it may make the change now) or `self_approval` (the caller registered this version)."
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound",
                    "description": "`model_not_found` (no such model, or the caller may not see it) or `version_not_found` (no such version, or with `effective_at` none then)."
                  },
                  "409": {
                    "$ref": "#/components/responses/Conflict",
                    "description": "`version_conflict` or `idempotency_conflict`."
                  },
                  "413": {
                    "$ref": "#/components/responses/PayloadTooLarge",
                    "description": "`payload_too_large`: the body exceeds 1 MiB."
                  },
                  "422": {
                    "$ref": "#/components/responses/UnprocessableContent",
                    "description": "`invalid_argument` (malformed or reserved alias, notes longer than 2000 characters; with `effective_at`: empty notes, `effective_at` in the future or before the model was registered) or `idempotency_key_reused`."
                  },
                  "503": {
                    "$ref": "#/components/responses/ServiceUnavailable"
                  }
                }
              }
            },
            "/v1/models/{name}/aliases/{alias}": {
              "parameters": [
                {
                  "$ref": "#/components/parameters/ModelName"
                },
                {
                  "$ref": "#/components/parameters/AliasName"
                }
              ],
              "get": {
                "operationId": "getAlias",
                "tags": [
                  "Aliases"
                ],
                "summary": "Resolve an alias",
                "description": "The version the alias points at, or pointed at then. With `at` or `known_at` (either defaults to now) the answer is the fold of the model's events recorded by `known_at` and effective by `at`, and carries `as_of`; rights are checked as they are now. Needs any role on the model, or the registry role `admin` or `auditor`; a model the caller may not see answers 404 `model_not_found`.",
                "parameters": [
                  {
                    "$ref": "#/components/parameters/At"
                  },
                  {
                    "$ref": "#/components/parameters/KnownAt"
                  },
                  {
                    "$ref": "#/components/parameters/RequestId"
                  }
                ],
                "responses": {
                  "200": {
                    "description": "The version the alias points at.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/VersionView"
                        }
                      }
                    }
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest",
                    "description": "`invalid_parameter`: `at` or `known_at` is not an RFC 3339 timestamp or a `YYYY-MM-DD` date in 1900 to 2099."
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound",
                    "description": "`model_not_found` (no such model, the caller may not see it, or with `at`/`known_at` it did not exist then), `alias_not_found` (no such alias, or none then) or `version_not_found`."
                  },
                  "503": {
                    "$ref": "#/components/responses/ServiceUnavailable"
                  }
                }
              },
              "put": {
                "operationId": "setAlias",
                "tags": [
                  "Aliases"
                ],
                "summary": "Point an alias at a version",
                "description": "Sets or moves the alias (`AliasSet`); nothing is appended when it already points there. Moving a protected alias also needs an approval of the version for that alias by someone other than its registrant. Moving an unprotected alias needs the `editor` role on the model, a protected one (see `protected_aliases`) the `approver` role; `owner` includes both (admins may do everything; auditors change nothing). A gated alias (see `PUT /v1/models/{name}/gates/{alias}`) moves only to a version whose metric, as computed by the registry on the current evaluation dataset, is within the gate's bounds. A model the caller may not see answers 404 `model_not_found`, a visible one with too weak a role 403 `forbidden`. With `effective_at` (and a non-empty `reason`) the move is a correction: recorded now as effective at that earlier instant and decided against the model as it stood then (the version must have existed then, a protected alias needed an approval in force then, and a gated one the gate, evaluation dataset and computed metrics in force then); it holds until the alias's next later move or removal. Only the model's owner or an admin may make it. The answer is the model as it stands now.",
                "parameters": [
                  {
                    "$ref": "#/components/parameters/RequestId"
                  },
                  {
                    "$ref": "#/components/parameters/IdempotencyKey"
                  }
                ],
                "requestBody": {
                  "required": true,
                  "content": {
                    "application/json": {
                      "schema": {
                        "$ref": "#/components/schemas/SetAliasRequest"
                      }
                    }
                  }
                },
                "responses": {
                  "200": {
                    "description": "The model after the change.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      },
                      "Idempotent-Replayed": {
                        "$ref": "#/components/headers/Idempotent-Replayed"
                      }
                    },
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/ModelView"
                        }
                      }
                    }
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest",
                    "description": "`invalid_json` (including a malformed `effective_at`) or `invalid_idempotency_key`."
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden",
                    "description": "`forbidden` (the caller lacks `editor` for an unprotected alias or `approver` for a protected one, or gave `effective_at` without being the model's owner or an admin, even if it may make the change now) or `approval_required` (the alias is protected and the version has no approval in force for it; with `effective_at`, none in force then)."
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound",
                    "description": "`model_not_found` (no such model, or the caller may not see it) or `version_not_found` (no such version, or with `effective_at` none then)."
                  },
                  "409": {
                    "$ref": "#/components/responses/Conflict",
                    "description": "`gate_failed` (the alias is gated and the version's metric computed by the registry on the current evaluation dataset is outside the bounds, or the version has none; the message names the metric and both values, e.g. `'production' requires r_squared ≥ 0.9; version 1 has r_squared 0.857…`), `alias_moved` (`from_version` was given and the alias points elsewhere), `version_conflict` or `idempotency_conflict`."
                  },
                  "413": {
                    "$ref": "#/components/responses/PayloadTooLarge",
                    "description": "`payload_too_large`: the body exceeds 1 MiB."
                  },
                  "422": {
                    "$ref": "#/components/responses/UnprocessableContent",
                    "description": "`invalid_argument` (malformed or reserved alias, reason longer than 2000 characters; with `effective_at`: no reason, `effective_at` in the future or before the model was registered) or `idempotency_key_reused`."
                  },
                  "503": {
                    "$ref": "#/components/responses/ServiceUnavailable"
                  }
                }
              },
              "delete": {
                "operationId": "removeAlias",
                "tags": [
                  "Aliases"
                ],
                "summary": "Remove an alias",
                "description": "Removes the alias (`AliasRemoved`). `reason` and `effective_at` come from the query parameters or, for one absent there, from a JSON body `{\"reason\": …, \"effective_at\": …}` when the request has a non-empty body with a `Content-Length`. Removing an unprotected alias needs the `editor` role on the model, a protected one (see `protected_aliases`) the `approver` role; `owner` includes both (admins may do everything; auditors change nothing). A model the caller may not see answers 404 `model_not_found`, a visible one with too weak a role 403 `forbidden`. With `effective_at` (and a non-empty reason) the removal is a correction: recorded now as effective at that earlier instant, when the alias must have existed; it holds until the alias's next later move. Only the model's owner or an admin may make it. The answer is the model as it stands now.",
                "parameters": [
                  {
                    "$ref": "#/components/parameters/Reason"
                  },
                  {
                    "$ref": "#/components/parameters/EffectiveAt"
                  },
                  {
                    "$ref": "#/components/parameters/RequestId"
                  },
                  {
                    "$ref": "#/components/parameters/IdempotencyKey"
                  }
                ],
                "requestBody": {
                  "required": false,
                  "content": {
                    "application/json": {
                      "schema": {
                        "$ref": "#/components/schemas/ReasonRequest"
                      }
                    }
                  },
                  "description": "Optional; read when the request has a non-empty body with a `Content-Length`. A query parameter takes precedence over the same field here."
                },
                "responses": {
                  "200": {
                    "description": "The model after the change.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      },
                      "Idempotent-Replayed": {
                        "$ref": "#/components/headers/Idempotent-Replayed"
                      }
                    },
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/ModelView"
                        }
                      }
                    }
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest",
                    "description": "`invalid_json` (a body was sent but is not a valid `{\"reason\": …, \"effective_at\": …}`), `invalid_parameter` (the `effective_at` query parameter is not an RFC 3339 timestamp or a `YYYY-MM-DD` date in 1900 to 2099) or `invalid_idempotency_key`."
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden",
                    "description": "`forbidden`: the caller lacks `editor` for an unprotected alias or `approver` for a protected one, or gave `effective_at` without being the model's owner or an admin, even if it may make the change now."
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound",
                    "description": "`model_not_found` (no such model, or the caller may not see it) or `alias_not_found` (no such alias, or with `effective_at` none then)."
                  },
                  "409": {
                    "$ref": "#/components/responses/Conflict",
                    "description": "`version_conflict` or `idempotency_conflict`."
                  },
                  "413": {
                    "$ref": "#/components/responses/PayloadTooLarge",
                    "description": "`payload_too_large`: the body exceeds 1 MiB."
                  },
                  "422": {
                    "$ref": "#/components/responses/UnprocessableContent",
                    "description": "`invalid_argument` (reason longer than 2000 characters; with `effective_at`: no reason, `effective_at` in the future or before the model was registered) or `idempotency_key_reused`."
                  },
                  "503": {
                    "$ref": "#/components/responses/ServiceUnavailable"
                  }
                }
              }
            },
            "/v1/models/{name}/grants": {
              "get": {
                "operationId": "listGrants",
                "tags": [
                  "Access"
                ],
                "summary": "List a model's grants",
                "description": "Who holds which role on the model: every grant, ordered by principal and role, including expired ones (which no longer work). The model's owner holds `owner` implicitly and appears only if granted explicitly. Needs the `owner` role on the model, or the registry role `admin` or `auditor`; a model the caller may not see answers 404 `model_not_found`, a visible one without `owner` 403 `forbidden`. With `at` or `known_at` (either defaults to now), the grants held at `at` as known at `known_at` (grants expired by `at` are left out), and the answer carries `as_of`; rights are checked as they are now.",
                "parameters": [
                  {
                    "$ref": "#/components/parameters/ModelName"
                  },
                  {
                    "$ref": "#/components/parameters/At"
                  },
                  {
                    "$ref": "#/components/parameters/KnownAt"
                  },
                  {
                    "$ref": "#/components/parameters/RequestId"
                  }
                ],
                "responses": {
                  "200": {
                    "description": "The model's grants.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/GrantList"
                        }
                      }
                    }
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest",
                    "description": "`invalid_parameter`: `at` or `known_at` is not an RFC 3339 timestamp or a `YYYY-MM-DD` date in 1900 to 2099."
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden",
                    "description": "`forbidden`: the caller can see the model but is not its owner, an auditor or an admin."
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound",
                    "description": "`model_not_found`: no such model, the caller may not see it, or (with `at`/`known_at`) it did not exist then."
                  },
                  "503": {
                    "$ref": "#/components/responses/ServiceUnavailable"
                  }
                }
              }
            },
            "/v1/models/{name}/grants/{principal}": {
              "put": {
                "operationId": "grantRole",
                "tags": [
                  "Access"
                ],
                "summary": "Grant a role on a model",
                "description": "Grants the principal a role on the model (`AccessGranted`), optionally until `expires_at`, when it stops working with no event needed. A principal may hold several roles, one grant each; granting a role the principal already holds appends a new `AccessGranted` that replaces its expiry and reason. Takes effect for the next request. Needs the `owner` role on the model (its creator holds it) or `admin`; auditors change nothing. A model the caller may not see answers 404 `model_not_found`, a visible one without `owner` 403 `forbidden`. With `effective_at` (and a non-empty `reason`) the grant is a correction: recorded now as granted at that earlier instant and in force from then until it expires, the role is granted again or revoked; `expires_at` must then be after `effective_at` and may be in the past. Only the model's owner or an admin may make it.",
                "parameters": [
                  {
                    "$ref": "#/components/parameters/ModelName"
                  },
                  {
                    "$ref": "#/components/parameters/PrincipalName"
                  },
                  {
                    "$ref": "#/components/parameters/RequestId"
                  },
                  {
                    "$ref": "#/components/parameters/IdempotencyKey"
                  }
                ],
                "requestBody": {
                  "required": true,
                  "content": {
                    "application/json": {
                      "schema": {
                        "$ref": "#/components/schemas/GrantRequest"
                      }
                    }
                  }
                },
                "responses": {
                  "200": {
                    "description": "The model's grants after the change.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      },
                      "Idempotent-Replayed": {
                        "$ref": "#/components/headers/Idempotent-Replayed"
                      }
                    },
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/GrantList"
                        }
                      }
                    }
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest",
                    "description": "`invalid_json` (including a missing or unknown `role` or a malformed `expires_at` or `effective_at`) or `invalid_idempotency_key`."
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden",
                    "description": "`forbidden`: the caller can see the model but lacks the `owner` role on it."
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound",
                    "description": "`model_not_found` (no such model, or the caller may not see it) or `principal_not_found` (no principal of that name)."
                  },
                  "409": {
                    "$ref": "#/components/responses/Conflict",
                    "description": "`version_conflict` or `idempotency_conflict`."
                  },
                  "413": {
                    "$ref": "#/components/responses/PayloadTooLarge",
                    "description": "`payload_too_large`: the body exceeds 1 MiB."
                  },
                  "422": {
                    "$ref": "#/components/responses/UnprocessableContent",
                    "description": "`invalid_argument` (`expires_at` not in the future, or with `effective_at` not after it; reason longer than 2000 characters; with `effective_at`: no reason, `effective_at` in the future or before the model was registered) or `idempotency_key_reused`."
                  },
                  "503": {
                    "$ref": "#/components/responses/ServiceUnavailable"
                  }
                }
              }
            },
            "/v1/models/{name}/grants/{principal}/{role}": {
              "delete": {
                "operationId": "revokeRole",
                "tags": [
                  "Access"
                ],
                "summary": "Revoke a role on a model",
                "description": "Removes the principal's grant of that role on the model (`AccessRevoked`); it stops working for the very next request, and a write racing the revocation cannot land after it. Other roles the principal holds stay. The model's implicit owner cannot be revoked this way. Needs the `owner` role on the model (its creator holds it) or `admin`; auditors change nothing. A model the caller may not see answers 404 `model_not_found`, a visible one without `owner` 403 `forbidden`. With the `effective_at` query parameter (and a non-empty `reason`) the revocation is a correction: recorded now as effective at that earlier instant, when the principal must have held the grant; it holds until the role is granted again. Only the model's owner or an admin may make it.",
                "parameters": [
                  {
                    "$ref": "#/components/parameters/ModelName"
                  },
                  {
                    "$ref": "#/components/parameters/PrincipalName"
                  },
                  {
                    "$ref": "#/components/parameters/ModelRolePath"
                  },
                  {
                    "$ref": "#/components/parameters/Reason"
                  },
                  {
                    "$ref": "#/components/parameters/EffectiveAt"
                  },
                  {
                    "$ref": "#/components/parameters/RequestId"
                  },
                  {
                    "$ref": "#/components/parameters/IdempotencyKey"
                  }
                ],
                "responses": {
                  "200": {
                    "description": "The model's grants after the change.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      },
                      "Idempotent-Replayed": {
                        "$ref": "#/components/headers/Idempotent-Replayed"
                      }
                    },
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/GrantList"
                        }
                      }
                    }
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest",
                    "description": "`invalid_parameter` (`role` is not one of `viewer`, `user`, `editor`, `approver`, `owner`, or `effective_at` is not an RFC 3339 timestamp or a `YYYY-MM-DD` date in 1900 to 2099) or `invalid_idempotency_key`."
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden",
                    "description": "`forbidden`: the caller can see the model but lacks the `owner` role on it."
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound",
                    "description": "`model_not_found` (no such model, or the caller may not see it) or `grant_not_found` (the principal holds no such grant on the model, or with `effective_at` held none then, including when there is no such principal)."
                  },
                  "409": {
                    "$ref": "#/components/responses/Conflict",
                    "description": "`version_conflict` or `idempotency_conflict`."
                  },
                  "413": {
                    "$ref": "#/components/responses/PayloadTooLarge",
                    "description": "`payload_too_large`: with an `Idempotency-Key`, a body over 1 MiB."
                  },
                  "422": {
                    "$ref": "#/components/responses/UnprocessableContent",
                    "description": "`invalid_argument` (reason longer than 2000 characters; with `effective_at`: no reason, `effective_at` in the future or before the model was registered) or `idempotency_key_reused`."
                  },
                  "503": {
                    "$ref": "#/components/responses/ServiceUnavailable"
                  }
                }
              }
            },
            "/v1/models/{name}/protected-aliases": {
              "put": {
                "operationId": "setProtectedAliases",
                "tags": [
                  "Access"
                ],
                "summary": "Choose which aliases are protected",
                "description": "Replaces the set of protected aliases (`ProtectedAliasesChanged`); nothing is appended when it is already so. A protected alias may only be moved by an `approver` (or `owner`) and only to a version approved for it by someone other than its registrant; a new model protects `production`. Aliases need not exist yet. Needs the `owner` role on the model (its creator holds it) or `admin`; auditors change nothing. A model the caller may not see answers 404 `model_not_found`, a visible one without `owner` 403 `forbidden`. With `effective_at` (and a non-empty `reason`) the change is a correction: recorded now as effective at that earlier instant and compared with the set in force then; it holds until the next later change of the set. The answer is the model as it stands now.",
                "parameters": [
                  {
                    "$ref": "#/components/parameters/ModelName"
                  },
                  {
                    "$ref": "#/components/parameters/RequestId"
                  },
                  {
                    "$ref": "#/components/parameters/IdempotencyKey"
                  }
                ],
                "requestBody": {
                  "required": true,
                  "content": {
                    "application/json": {
                      "schema": {
                        "$ref": "#/components/schemas/ProtectedAliasesRequest"
                      }
                    }
                  }
                },
                "responses": {
                  "200": {
                    "description": "The model after the change.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      },
                      "Idempotent-Replayed": {
                        "$ref": "#/components/headers/Idempotent-Replayed"
                      }
                    },
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/ModelView"
                        }
                      }
                    }
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest",
                    "description": "`invalid_json` (including a missing `aliases` or a malformed `effective_at`) or `invalid_idempotency_key`."
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden",
                    "description": "`forbidden`: the caller can see the model but lacks the `owner` role on it."
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound",
                    "description": "`model_not_found`: no such model, or the caller may not see it."
                  },
                  "409": {
                    "$ref": "#/components/responses/Conflict",
                    "description": "`version_conflict` or `idempotency_conflict`."
                  },
                  "413": {
                    "$ref": "#/components/responses/PayloadTooLarge",
                    "description": "`payload_too_large`: the body exceeds 1 MiB."
                  },
                  "422": {
                    "$ref": "#/components/responses/UnprocessableContent",
                    "description": "`invalid_argument` (a malformed or reserved alias, reason longer than 2000 characters; with `effective_at`: no reason, `effective_at` in the future or before the model was registered) or `idempotency_key_reused`."
                  },
                  "503": {
                    "$ref": "#/components/responses/ServiceUnavailable"
                  }
                }
              }
            },
            "/v1/models/{name}/evaluation": {
              "put": {
                "operationId": "setEvaluationDataset",
                "tags": [
                  "Evaluation"
                ],
                "summary": "Set the evaluation dataset",
                "description": "Makes a CSV artifact already uploaded to `POST /v1/artifacts` the model's evaluation dataset (`EvaluationDatasetSet`); nothing is appended when it already is. The CSV has a header line naming its columns: those of the `linear` versions' inputs (see `LinearSignature`) and `target`, the observed value. Then the registry evaluates every `linear` version that has no metrics on this dataset yet and appends a `MetricsComputed` event for each, with actor `registry`: for the `gaussian` and every other non-`binomial` family `rmse`, `mae` and `r_squared` (centred; omitted when the target is constant), for `binomial` `log_loss`, `accuracy` (a prediction of 0.5 or more counts as 1) and `auc` (the Mann–Whitney statistic, ties counted half; omitted unless the target has both 1 and other values). A version the dataset cannot evaluate (an input column missing, a value that is not a number, an artifact that cannot be read) is skipped with the reason, and keeps the metrics it had. Registering a `linear` version (`POST /v1/models/{name}/versions`) evaluates it on the dataset too, before answering. Needs the `owner` role on the model (its creator holds it) or `admin`; auditors change nothing. A model the caller may not see answers 404 `model_not_found`, a visible one without `owner` 403 `forbidden`.",
                "parameters": [
                  {
                    "$ref": "#/components/parameters/ModelName"
                  },
                  {
                    "$ref": "#/components/parameters/RequestId"
                  },
                  {
                    "$ref": "#/components/parameters/IdempotencyKey"
                  }
                ],
                "requestBody": {
                  "required": true,
                  "content": {
                    "application/json": {
                      "schema": {
                        "$ref": "#/components/schemas/SetEvaluationDatasetRequest"
                      }
                    }
                  }
                },
                "responses": {
                  "200": {
                    "description": "The dataset and what its evaluation appended.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      },
                      "Idempotent-Replayed": {
                        "$ref": "#/components/headers/Idempotent-Replayed"
                      }
                    },
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/EvaluationReport"
                        }
                      }
                    }
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest",
                    "description": "`invalid_json` (including a missing `artifact_sha256` or `target`) or `invalid_idempotency_key`."
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden",
                    "description": "`forbidden`: the caller can see the model but lacks the `owner` role on it."
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound",
                    "description": "`model_not_found`: no such model, or the caller may not see it."
                  },
                  "409": {
                    "$ref": "#/components/responses/Conflict",
                    "description": "`version_conflict` or `idempotency_conflict`."
                  },
                  "413": {
                    "$ref": "#/components/responses/PayloadTooLarge",
                    "description": "`payload_too_large`: the body exceeds 1 MiB."
                  },
                  "422": {
                    "$ref": "#/components/responses/UnprocessableContent",
                    "description": "`artifact_not_found` (no artifact with that SHA-256 was uploaded — upload the CSV first), `invalid_argument` (a malformed digest, an empty `target`, or one longer than 250 characters), `invalid_dataset` (the artifact is not CSV, has no header line or no rows, or no `target` column; at most 64 MiB is read; the dataset is checked before it is attached, so an unreadable one is never recorded) or `idempotency_key_reused`. Rights are checked first: 404 and 403 come before any of these."
                  },
                  "503": {
                    "$ref": "#/components/responses/ServiceUnavailable"
                  }
                }
              }
            },
            "/v1/models/{name}/gates/{alias}": {
              "parameters": [
                {
                  "$ref": "#/components/parameters/ModelName"
                },
                {
                  "$ref": "#/components/parameters/AliasName"
                }
              ],
              "put": {
                "operationId": "setPromotionGate",
                "tags": [
                  "Evaluation"
                ],
                "summary": "Gate an alias on a metric",
                "description": "Sets the promotion gate of the alias (`PromotionGateSet`), replacing any it had; with neither `minimum` nor `maximum` the gate is removed. The alias need not exist yet. From then on, moving it (`PUT /v1/models/{name}/aliases/{alias}`, back-dated moves included) needs the version's `metric`, as computed by the registry on the current evaluation dataset (`computed_metrics` of a `VersionView`, see `PUT /v1/models/{name}/evaluation`), within the bounds (inclusive); otherwise 409 `gate_failed`. The metrics a registrant claims do not count. Setting a gate does not move the alias or check the version it points at. Needs the `owner` role on the model (its creator holds it) or `admin`; auditors change nothing. A model the caller may not see answers 404 `model_not_found`, a visible one without `owner` 403 `forbidden`. The answer is the model as it stands now.",
                "parameters": [
                  {
                    "$ref": "#/components/parameters/RequestId"
                  },
                  {
                    "$ref": "#/components/parameters/IdempotencyKey"
                  }
                ],
                "requestBody": {
                  "required": true,
                  "content": {
                    "application/json": {
                      "schema": {
                        "$ref": "#/components/schemas/SetPromotionGateRequest"
                      }
                    }
                  }
                },
                "responses": {
                  "200": {
                    "description": "The model after the change.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      },
                      "Idempotent-Replayed": {
                        "$ref": "#/components/headers/Idempotent-Replayed"
                      }
                    },
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/ModelView"
                        }
                      }
                    }
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest",
                    "description": "`invalid_json` (including a missing `metric` or a bound that is not a number) or `invalid_idempotency_key`."
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden",
                    "description": "`forbidden`: the caller can see the model but lacks the `owner` role on it."
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound",
                    "description": "`model_not_found`: no such model, or the caller may not see it."
                  },
                  "409": {
                    "$ref": "#/components/responses/Conflict",
                    "description": "`version_conflict` or `idempotency_conflict`."
                  },
                  "413": {
                    "$ref": "#/components/responses/PayloadTooLarge",
                    "description": "`payload_too_large`: the body exceeds 1 MiB."
                  },
                  "422": {
                    "$ref": "#/components/responses/UnprocessableContent",
                    "description": "`invalid_argument` (a malformed or reserved alias, an empty `metric` or one longer than 250 characters, a bound that is not finite, `minimum` above `maximum`) or `idempotency_key_reused`."
                  },
                  "503": {
                    "$ref": "#/components/responses/ServiceUnavailable"
                  }
                }
              }
            },
            "/v1/models/{name}/predict": {
              "post": {
                "operationId": "predict",
                "tags": [
                  "Predictions"
                ],
                "summary": "Predict with a linear version",
                "description": "Evaluates a `linear` version (see `LinearModelArtifact`) on 1 to 1000 input rows: the version `alias` points at (default `production`), or `version`. Every row is checked against the version's signature before anything is logged: one bad row refuses the whole request with 422 `invalid_input` naming the row and field, and nothing is logged. Durability: each prediction is written to the prediction log (append-only, partitioned by month) and the answer is sent only after its batch and the batch's seal are committed — a `PredictionBatchSealed` ledger event (stream `predictions`, actor `registry`) carrying the RFC 6962 Merkle root of the batch's leaves (see `PredictionLeaf`), appended in the same transaction, so the ledger's hash chain vouches for every prediction. Concurrent requests share batches (group commit); all of one request's predictions are in one batch. \"What would we have predicted\": with `at` or `known_at` (either defaults to now) the version in force for that pair of instants answers (where the alias pointed then, from the events recorded by `known_at` and effective by `at`), the answer says `reconstructed: true` with `as_of`, and the predictions are logged as reconstructions; rights are checked as they are now. Needs the `user` role on the model (`editor`, `approver` and `owner` include it) or `admin`; auditors, who only read records, get 403. A model the caller may not see answers 404 `model_not_found`, a visible one with too weak a role 403 `forbidden`. With an `Idempotency-Key` a repeated request gets the stored answer and logs nothing again; a retry that arrives while the first attempt still runs waits for its answer; and a retry after a first attempt that committed without its answer being kept (a crash, a lost connection: 503 `outcome_unknown`) is answered from the predictions that attempt logged, whose ids derive from the key. The body may be up to 4 MiB (1 MiB with an `Idempotency-Key`).",
                "parameters": [
                  {
                    "$ref": "#/components/parameters/ModelName"
                  },
                  {
                    "$ref": "#/components/parameters/RequestId"
                  },
                  {
                    "$ref": "#/components/parameters/IdempotencyKey"
                  }
                ],
                "requestBody": {
                  "required": true,
                  "content": {
                    "application/json": {
                      "schema": {
                        "$ref": "#/components/schemas/PredictRequest"
                      }
                    }
                  }
                },
                "responses": {
                  "200": {
                    "description": "The predictions, logged and sealed.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      },
                      "Idempotent-Replayed": {
                        "$ref": "#/components/headers/Idempotent-Replayed"
                      }
                    },
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/PredictionAnswer"
                        }
                      }
                    }
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest",
                    "description": "`invalid_json` (body missing or malformed, `inputs` missing or a row that is not a JSON object, `version` not an integer, a malformed `alias`, `at` or `known_at` not an RFC 3339 timestamp or a `YYYY-MM-DD` date in 1900 to 2099) or `invalid_idempotency_key`."
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden",
                    "description": "`forbidden`: the caller can see the model but lacks the `user` role on it (a `viewer`, or an auditor)."
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound",
                    "description": "`model_not_found` (no such model, the caller may not see it, or with `at`/`known_at` it did not exist then), `alias_not_found` (the alias is not set, or with `at`/`known_at` was not set then) or `version_not_found` (no such version, or with `at`/`known_at` not registered then)."
                  },
                  "413": {
                    "$ref": "#/components/responses/PayloadTooLarge",
                    "description": "`payload_too_large`: the body exceeds 4 MiB (1 MiB with an `Idempotency-Key`)."
                  },
                  "422": {
                    "$ref": "#/components/responses/UnprocessableContent",
                    "description": "`invalid_input` (nothing is logged): no rows or more than 1000, both `alias` and `version`, or a bad row, named with its field, e.g. `inputs[1]: input 'cyl' is missing` (an input missing or `null`, a field that is not an input of the model, a value of the wrong type or not finite, a level the variable does not have); `not_servable` (the version is not of format `linear`: the registry evaluates only those); or `idempotency_key_reused`."
                  },
                  "503": {
                    "$ref": "#/components/responses/ServiceUnavailable",
                    "description": "`database_unavailable`, `database_error` or `internal_error`: the batch could not be committed (its predictions are not logged and nothing was answered; retry after `Retry-After` seconds)."
                  }
                }
              }
            },
            "/v1/models/{name}/predictions": {
              "post": {
                "operationId": "reportPredictions",
                "tags": [
                  "Predictions"
                ],
                "summary": "Record predictions made elsewhere",
                "description": "Records predictions made outside the registry, by a version of any format (a batch job, another service), in the prediction log, so that they are kept and sealed like served ones: 1 to 10,000 rows, each naming the `version` that made it, its `inputs` and `output`, when it was made (`made_at`) and, optionally, the reporter's `case_reference`. The registry does not evaluate them: `inputs` and `output` are kept as sent. Every row is checked before anything is written, against the model as it stands now: the model has the version, and `made_at` is neither in the future nor before the version took effect (its `registered_at`: the `effective_at` of its registration); one bad row refuses the whole report with 422 `invalid_input` naming it, e.g. `predictions[1]: model 'credit-risk' has no version 7`, and nothing is written. Durability: the rows are written as predictions of `kind` `reported` (see `PredictionLeaf`; `caller` is the reporting principal, `request_id` this request's), all in one batch, in one transaction with the batch's seal — a `PredictionBatchSealed` ledger event (stream `predictions`, actor `registry`) carrying the RFC 6962 Merkle root of the batch's leaves — and the answer is sent only after both are committed. Reported and served predictions share batches (group commit): the batch may also hold predictions served concurrently by `POST /v1/models/{name}/predict`. Needs the `user` role on the model (`editor`, `approver` and `owner` include it) or `admin`; auditors, who only read records, get 403. A model the caller may not see answers 404 `model_not_found`, a visible one with too weak a role 403 `forbidden`. With an `Idempotency-Key` a repeated request gets the stored answer and records nothing again; a retry that arrives while the first attempt still runs waits for its answer; and a retry after a first attempt that committed without its answer being kept (a crash, a lost connection: 503 `outcome_unknown`) is answered from the predictions that attempt recorded, whose ids derive from the key. The body may be up to 32 MiB (1 MiB with an `Idempotency-Key`).",
                "parameters": [
                  {
                    "$ref": "#/components/parameters/ModelName"
                  },
                  {
                    "$ref": "#/components/parameters/RequestId"
                  },
                  {
                    "$ref": "#/components/parameters/IdempotencyKey"
                  }
                ],
                "requestBody": {
                  "required": true,
                  "content": {
                    "application/json": {
                      "schema": {
                        "$ref": "#/components/schemas/ReportPredictionsRequest"
                      }
                    }
                  }
                },
                "responses": {
                  "201": {
                    "description": "The predictions, recorded and sealed.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      },
                      "Idempotent-Replayed": {
                        "$ref": "#/components/headers/Idempotent-Replayed"
                      }
                    },
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/ReportReceipt"
                        }
                      }
                    }
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest",
                    "description": "`invalid_json` (body missing or malformed, `predictions` missing, a row missing `version`, `inputs`, `output` or `made_at`, `version` not an integer, `inputs` not a JSON object, `case_reference` not a string, `made_at` not an RFC 3339 timestamp or a `YYYY-MM-DD` date in 1900 to 2099) or `invalid_idempotency_key`."
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden",
                    "description": "`forbidden`: the caller can see the model but lacks the `user` role on it (a `viewer`, or an auditor)."
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound",
                    "description": "`model_not_found`: no such model, or the caller may not see it."
                  },
                  "413": {
                    "$ref": "#/components/responses/PayloadTooLarge",
                    "description": "`payload_too_large`: the body exceeds 32 MiB (1 MiB with an `Idempotency-Key`)."
                  },
                  "422": {
                    "$ref": "#/components/responses/UnprocessableContent",
                    "description": "`invalid_input` (nothing is written): no rows or more than 10,000, or a bad row, named by its index, e.g. `predictions[1]: …`: a version the model does not have, `made_at` in the future or before the version took effect, a `case_reference` empty or longer than 200 characters; or `idempotency_key_reused`."
                  },
                  "503": {
                    "$ref": "#/components/responses/ServiceUnavailable",
                    "description": "`database_unavailable`, `database_error` or `internal_error`: the batch could not be committed (none of the report's predictions are recorded; retry after `Retry-After` seconds)."
                  }
                }
              }
            },
            "/v1/models/{name}/usage": {
              "get": {
                "operationId": "getModelUsage",
                "tags": [
                  "Predictions"
                ],
                "summary": "How often a model's versions were used, and by whom",
                "description": "Counts for the half-open interval [`from`, `to`) of recorded time (`to` defaults to now, `from` to 30 days before `to`), by version, caller and kind: the model's predictions in the prediction log — `served` and `reconstructed` (by `POST /v1/models/{name}/predict`) and `reported` (by `POST /v1/models/{name}/predictions`), counted by when they were recorded (their batch's seal), not by `made_at` — and its artifact downloads (kind `download`, caller the downloading principal) from the `ArtifactDownloaded` events of the model's ledger stream recorded in the interval. Only combinations used at least once appear. Needs the `owner` role on the model, or the registry role `admin` or `auditor`; a model the caller may not see answers 404 `model_not_found`, a visible one without `owner` 403 `forbidden`.",
                "parameters": [
                  {
                    "$ref": "#/components/parameters/ModelName"
                  },
                  {
                    "$ref": "#/components/parameters/UsageFrom"
                  },
                  {
                    "$ref": "#/components/parameters/UsageTo"
                  },
                  {
                    "$ref": "#/components/parameters/RequestId"
                  }
                ],
                "responses": {
                  "200": {
                    "description": "The usage counts.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/UsageReport"
                        }
                      }
                    }
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest",
                    "description": "`invalid_parameter`: `from` or `to` is not an RFC 3339 timestamp or a `YYYY-MM-DD` date in 1900 to 2099, or `from` is not before `to` (checked before the model is looked up)."
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden",
                    "description": "`forbidden`: the caller can see the model but is not its owner, an auditor or an admin."
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound",
                    "description": "`model_not_found`: no such model, or the caller may not see it."
                  },
                  "503": {
                    "$ref": "#/components/responses/ServiceUnavailable"
                  }
                }
              }
            },
            "/v1/enquiries/predictions/{id}": {
              "get": {
                "operationId": "enquirePrediction",
                "tags": [
                  "Enquiries"
                ],
                "summary": "Everything behind one prediction",
                "description": "One logged prediction (`served`, `reconstructed` or `reported`) with everything that stood behind it, as one document that a reviewer can read and check without the registry (see `PredictionEnquiry`): the prediction's leaf as stored; its batch with the RFC 6962 inclusion proof of the leaf in the batch's Merkle root, checked by the registry (`proof_verifies`); the `PredictionBatchSealed` ledger event that sealed the root, with its position, hashes and both times; the model and the version that made the prediction (card, signature, metrics, lineage, artifact digest, approvals), the approval in force for the alias used, the grants the prediction's caller held and whether it was the owner — all as the registry knew them when the prediction was recorded, at the instant it was made (`as_of`: `at` = `made_at`, `known_at` = `recorded_at`); every move of that alias as known now; and, for a `linear` version, the prediction computed again now (`re_execution`). For the model's owner, or the registry role `admin` or `auditor`, with rights as they are now; anyone else, as for an unknown id, is answered 404 `prediction_not_found`, so the answer does not reveal whether the prediction exists.",
                "parameters": [
                  {
                    "$ref": "#/components/parameters/PredictionId"
                  },
                  {
                    "$ref": "#/components/parameters/RequestId"
                  }
                ],
                "responses": {
                  "200": {
                    "description": "The prediction and everything behind it.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/PredictionEnquiry"
                        }
                      }
                    }
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest",
                    "description": "`invalid_parameter`: the id is not a UUID."
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound",
                    "description": "`prediction_not_found`: no prediction with this id, or the caller is not the owner of its model, an auditor or an admin."
                  },
                  "503": {
                    "$ref": "#/components/responses/ServiceUnavailable",
                    "description": "`prediction_corrupt` (the stored leaf cannot be read, or the version it names is not in the model's history as known then), or `database_unavailable`, `database_error` or `internal_error`; retry after `Retry-After` seconds."
                  }
                }
              }
            },
            "/v1/enquiries/models/{name}": {
              "get": {
                "operationId": "enquireModel",
                "tags": [
                  "Enquiries"
                ],
                "summary": "A model's complete state at an instant",
                "description": "The model's complete state for a pair of instants, as one document that a reviewer can read without the registry (see `ModelEnquiry`): the model (description, tags, owner, aliases, protected aliases), every version with its card, signature, metrics, lineage, artifact digest, aliases and approvals, and the grants held then (without those expired by `at`). For `at` and `known_at` (either defaults to now; with neither, the state now); `as_of` always says which pair the document is for, and the model and every version carry it too. Needs the `owner` role on the model, or the registry role `admin` or `auditor`, since it includes the grants; rights are checked as they are now. A model the caller may not see answers 404 `model_not_found`, a visible one without `owner` 403 `forbidden`.",
                "parameters": [
                  {
                    "$ref": "#/components/parameters/ModelName"
                  },
                  {
                    "$ref": "#/components/parameters/At"
                  },
                  {
                    "$ref": "#/components/parameters/KnownAt"
                  },
                  {
                    "$ref": "#/components/parameters/RequestId"
                  }
                ],
                "responses": {
                  "200": {
                    "description": "The model's complete state for `as_of`.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/ModelEnquiry"
                        }
                      }
                    }
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest",
                    "description": "`invalid_parameter`: `at` or `known_at` is not an RFC 3339 timestamp or a `YYYY-MM-DD` date in 1900 to 2099."
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden",
                    "description": "`forbidden`: the caller can see the model but is not its owner, an auditor or an admin."
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound",
                    "description": "`model_not_found`: no such model, the caller may not see it, or it did not exist for `at` and `known_at`."
                  },
                  "503": {
                    "$ref": "#/components/responses/ServiceUnavailable"
                  }
                }
              }
            },
            "/v1/live": {
              "get": {
                "operationId": "getLive",
                "tags": [
                  "Aliases"
                ],
                "summary": "Which version was live",
                "description": "For every model the caller may see (by its rights now; every model for admins and auditors), or only `model`, the version `alias` pointed at for the pair of instants `at` (valid time) and `known_at` (transaction time), both defaulting to now: what the fold of each model's events recorded by `known_at` and effective by `at` gives, answered from the temporal tables (one GiST lookup per model, or one scan of the alias partition's cross-model index). Models where the alias did not exist then (or that did not exist then) are absent. Ordered by model name; not paged. With `model`, a model the caller may not see answers 404 `model_not_found`.",
                "parameters": [
                  {
                    "$ref": "#/components/parameters/At"
                  },
                  {
                    "$ref": "#/components/parameters/KnownAt"
                  },
                  {
                    "$ref": "#/components/parameters/LiveAlias"
                  },
                  {
                    "name": "model",
                    "in": "query",
                    "required": false,
                    "description": "Only this model, by name; 404 `model_not_found` when the caller may see no model of that name.",
                    "schema": {
                      "type": "string"
                    }
                  },
                  {
                    "$ref": "#/components/parameters/RequestId"
                  }
                ],
                "responses": {
                  "200": {
                    "description": "Where the alias pointed, per model.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/LiveView"
                        }
                      }
                    }
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest",
                    "description": "`invalid_parameter`: `alias` is not a valid alias, or `at` or `known_at` is not an RFC 3339 timestamp or a `YYYY-MM-DD` date in 1900 to 2099."
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound",
                    "description": "`model_not_found`: `model` names no model the caller may see."
                  },
                  "503": {
                    "$ref": "#/components/responses/ServiceUnavailable"
                  }
                }
              }
            },
            "/v1/events": {
              "get": {
                "operationId": "listEvents",
                "tags": [
                  "Events"
                ],
                "summary": "Read the ledger",
                "description": "Every event of the registry in position order, with both times, actor, payload, metadata and chain hashes, paged by position. Verify the chain with the formula in the README (`modelreg verify` does it). The ledger spans every model, so only admins and auditors may read it (403 otherwise); a model's own events are at `GET /v1/models/{name}/history` for anyone who may see the model. These are the raw entries: the annotations of a model's history (`reason`, `back_dated`, `supersedes`, `retracts`, `retracted_by`) are not set here.",
                "parameters": [
                  {
                    "$ref": "#/components/parameters/AfterPosition"
                  },
                  {
                    "$ref": "#/components/parameters/Limit"
                  },
                  {
                    "$ref": "#/components/parameters/RequestId"
                  }
                ],
                "responses": {
                  "200": {
                    "description": "A page of ledger events.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/EventPage"
                        }
                      }
                    }
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest",
                    "description": "`invalid_parameter`: `limit` or `after` out of range."
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden",
                    "description": "`forbidden`: the caller is neither an admin nor an auditor."
                  },
                  "503": {
                    "$ref": "#/components/responses/ServiceUnavailable"
                  }
                }
              }
            },
            "/v1/checkpoints/latest": {
              "get": {
                "operationId": "getLatestCheckpoint",
                "tags": [
                  "Tamper evidence"
                ],
                "summary": "The latest signed head",
                "description": "The latest signed head over the ledger, as stored; reading never signs one (heads are signed on a schedule, by `POST /v1/checkpoints` and by exports and proofs that need one). 404 `no_checkpoint` before the first head. Open to every authenticated principal: a head reveals only the ledger's size and root.",
                "parameters": [
                  {
                    "$ref": "#/components/parameters/RequestId"
                  }
                ],
                "responses": {
                  "200": {
                    "description": "The signed head.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Checkpoint"
                        }
                      }
                    }
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound",
                    "description": "`no_checkpoint`: no head has been signed yet."
                  },
                  "503": {
                    "$ref": "#/components/responses/ServiceUnavailable"
                  }
                }
              }
            },
            "/v1/checkpoints": {
              "get": {
                "operationId": "listCheckpoints",
                "tags": [
                  "Tamper evidence"
                ],
                "summary": "List signed heads",
                "description": "The signed heads stored, in order of `tree_size`, from `from`. Open to every authenticated principal.",
                "parameters": [
                  {
                    "name": "from",
                    "in": "query",
                    "required": false,
                    "description": "Only heads of at least this many events (the previous page's `next`). A non-negative integer (otherwise 400 `invalid_parameter`).",
                    "schema": {
                      "type": "integer",
                      "format": "int64",
                      "minimum": 0,
                      "default": 0,
                      "maximum": 9223372036854775807
                    }
                  },
                  {
                    "$ref": "#/components/parameters/Limit"
                  },
                  {
                    "$ref": "#/components/parameters/RequestId"
                  }
                ],
                "responses": {
                  "200": {
                    "description": "A page of signed heads.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/CheckpointPage"
                        }
                      }
                    }
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest",
                    "description": "`invalid_parameter`: `from` or `limit` out of range."
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "503": {
                    "$ref": "#/components/responses/ServiceUnavailable"
                  }
                }
              },
              "post": {
                "operationId": "signCheckpoint",
                "tags": [
                  "Tamper evidence"
                ],
                "summary": "Sign a head now",
                "description": "Admins only. Signs and stores a head over the whole ledger as it stands, outside the regular schedule (`modelreg serve --checkpoint-every`, `--checkpoint-interval`), e.g. just before publishing it; when the latest head already covers every event, that head is answered and nothing new is signed. No body.",
                "parameters": [
                  {
                    "$ref": "#/components/parameters/RequestId"
                  },
                  {
                    "$ref": "#/components/parameters/IdempotencyKey"
                  }
                ],
                "responses": {
                  "201": {
                    "description": "The signed head.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      },
                      "Idempotent-Replayed": {
                        "$ref": "#/components/headers/Idempotent-Replayed"
                      }
                    },
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Checkpoint"
                        }
                      }
                    }
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest",
                    "description": "`invalid_idempotency_key`."
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden",
                    "description": "`forbidden`: the caller is not an admin."
                  },
                  "409": {
                    "$ref": "#/components/responses/Conflict",
                    "description": "`empty_ledger` (the ledger holds no event yet) or `idempotency_conflict`."
                  },
                  "422": {
                    "$ref": "#/components/responses/UnprocessableContent",
                    "description": "`idempotency_key_reused`."
                  },
                  "503": {
                    "$ref": "#/components/responses/ServiceUnavailable"
                  }
                }
              }
            },
            "/v1/proofs/inclusion": {
              "get": {
                "operationId": "proveInclusion",
                "tags": [
                  "Tamper evidence"
                ],
                "summary": "Prove an event is in a signed head",
                "description": "The RFC 6962 audit path of ledger position `position` in the tree of `tree_size` events, with the root and, when one was signed of that size, the signed head. Without `tree_size`, the latest signed head covering the position is used (one is signed first if none covers it). Admins and auditors only (403 otherwise).",
                "parameters": [
                  {
                    "name": "position",
                    "in": "query",
                    "required": true,
                    "description": "The ledger position to prove: from 1 to the tree size (otherwise 422 `invalid_position`). Required; a non-negative integer (otherwise 400 `invalid_parameter`).",
                    "schema": {
                      "type": "integer",
                      "format": "int64",
                      "minimum": 1,
                      "maximum": 9223372036854775807
                    }
                  },
                  {
                    "name": "tree_size",
                    "in": "query",
                    "required": false,
                    "description": "The size of the tree to prove it in: from 1 to the ledger's size (otherwise 422 `invalid_tree_size`). A non-negative integer (otherwise 400 `invalid_parameter`). Defaults to the latest signed head covering `position`.",
                    "schema": {
                      "type": "integer",
                      "format": "int64",
                      "minimum": 1,
                      "maximum": 9223372036854775807
                    }
                  },
                  {
                    "$ref": "#/components/parameters/RequestId"
                  }
                ],
                "responses": {
                  "200": {
                    "description": "The inclusion proof.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/LedgerInclusionProof"
                        }
                      }
                    }
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest",
                    "description": "`invalid_parameter`: `position` missing, or `position` or `tree_size` not a non-negative integer."
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden",
                    "description": "`forbidden`: the caller is neither an admin nor an auditor."
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound",
                    "description": "`event_not_found`: no event at `position`."
                  },
                  "422": {
                    "$ref": "#/components/responses/UnprocessableContent",
                    "description": "`invalid_tree_size` (`tree_size` is 0 or beyond the ledger's size) or `invalid_position` (`position` is 0 or beyond the tree size)."
                  },
                  "503": {
                    "$ref": "#/components/responses/ServiceUnavailable"
                  }
                }
              }
            },
            "/v1/proofs/consistency": {
              "get": {
                "operationId": "proveConsistency",
                "tags": [
                  "Tamper evidence"
                ],
                "summary": "Prove a head extends an earlier one",
                "description": "The RFC 6962 consistency proof between the ledger's trees of `from` and `to` events, with both roots and the signed heads of those sizes when they were signed. Holding an earlier published head of size `from`, a verifier checks that the later head's tree contains it unchanged. Without `to`, the latest signed head covering `from` is used (one is signed first if none covers it). Admins and auditors only (403 otherwise).",
                "parameters": [
                  {
                    "name": "from",
                    "in": "query",
                    "required": true,
                    "description": "The earlier tree size, from 1 to `to` (otherwise 422 `invalid_tree_size`). Required; a non-negative integer (otherwise 400 `invalid_parameter`).",
                    "schema": {
                      "type": "integer",
                      "format": "int64",
                      "minimum": 1,
                      "maximum": 9223372036854775807
                    }
                  },
                  {
                    "name": "to",
                    "in": "query",
                    "required": false,
                    "description": "The later tree size, from 1 to the ledger's size (otherwise 422 `invalid_tree_size`). A non-negative integer (otherwise 400 `invalid_parameter`). Defaults to the latest signed head covering `from`.",
                    "schema": {
                      "type": "integer",
                      "format": "int64",
                      "minimum": 1,
                      "maximum": 9223372036854775807
                    }
                  },
                  {
                    "$ref": "#/components/parameters/RequestId"
                  }
                ],
                "responses": {
                  "200": {
                    "description": "The consistency proof.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/ConsistencyProof"
                        }
                      }
                    }
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest",
                    "description": "`invalid_parameter`: `from` missing, or `from` or `to` not a non-negative integer."
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden",
                    "description": "`forbidden`: the caller is neither an admin nor an auditor."
                  },
                  "422": {
                    "$ref": "#/components/responses/UnprocessableContent",
                    "description": "`invalid_tree_size`: `to` is 0 or beyond the ledger's size, or `from` is 0 or greater than `to`."
                  },
                  "503": {
                    "$ref": "#/components/responses/ServiceUnavailable"
                  }
                }
              }
            },
            "/v1/verify": {
              "get": {
                "operationId": "verifyRecord",
                "tags": [
                  "Tamper evidence"
                ],
                "summary": "Verify the ledger and the prediction log",
                "description": "Walks both lanes in the database, as `modelreg verify` does, and names the first problem of each: the ledger's hash chain in position order and every stored signed head against the ledger's prefix of its size; and every `PredictionBatchSealed` seal against its batch and the batch's leaves against the sealed Merkle root. Reads the whole ledger and prediction log, so it takes time proportional to their size. A problem is answered with 200 and `ok: false`. To hold the ledger to a head published outside the database, use `modelreg verify --checkpoint FILE`. Admins and auditors only (403 otherwise).",
                "parameters": [
                  {
                    "$ref": "#/components/parameters/RequestId"
                  }
                ],
                "responses": {
                  "200": {
                    "description": "The verification's result (`ok` is `false` when a problem was found).",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/VerificationReport"
                        }
                      }
                    }
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden",
                    "description": "`forbidden`: the caller is neither an admin nor an auditor."
                  },
                  "503": {
                    "$ref": "#/components/responses/ServiceUnavailable"
                  }
                }
              }
            },
            "/v1/exports/events": {
              "get": {
                "operationId": "exportEvents",
                "tags": [
                  "Compliance"
                ],
                "summary": "Export the ledger",
                "description": "The ledger positions `from` … `to` as JSON Lines (docs/VERIFYING.md §4), streamed: a `header` line (`format` `modelreg-events/1`, `from_position`, `to_position`, `exported_at`), one `event` line per event in position order with every field its hash needs (`data` and `metadata` as the stored JSON text), and, when the export holds events, a last `checkpoint` line with a signed head covering `to_position`, the inclusion proof of that position in it, and the previous head with the consistency proof from it (a head is signed first if none covers the range). The range is fixed before the first line is sent and never reaches past the ledger's head at that moment; `to_position` < `from_position` means no events. Check with `tools/verify_log.py` or `modelreg verify --file`. An error after the first line ends the stream early: an export without its `checkpoint` line is incomplete. Admins and auditors only (403 otherwise).",
                "parameters": [
                  {
                    "$ref": "#/components/parameters/ExportFrom"
                  },
                  {
                    "$ref": "#/components/parameters/ExportTo"
                  },
                  {
                    "$ref": "#/components/parameters/RequestId"
                  }
                ],
                "responses": {
                  "200": {
                    "description": "The export, streamed.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      },
                      "Content-Disposition": {
                        "description": "`attachment; filename=\"events-<from_position>-<to_position>.jsonl\"`.",
                        "schema": {
                          "type": "string"
                        }
                      }
                    },
                    "content": {
                      "application/x-ndjson": {
                        "schema": {
                          "type": "string",
                          "description": "JSON Lines, UTF-8, one object per line, each with a `record` field: `header`, `event` or `checkpoint`."
                        }
                      }
                    }
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest",
                    "description": "`invalid_parameter` (`from` or `to` is neither digits nor an RFC 3339 timestamp or `YYYY-MM-DD` date in 1900 to 2099) or `invalid_range` (a position 0)."
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden",
                    "description": "`forbidden`: the caller is neither an admin nor an auditor."
                  },
                  "503": {
                    "$ref": "#/components/responses/ServiceUnavailable"
                  }
                }
              }
            },
            "/v1/exports/predictions": {
              "get": {
                "operationId": "exportPredictions",
                "tags": [
                  "Compliance"
                ],
                "summary": "Export the decision log",
                "description": "Every prediction of the batches sealed in [`from`, `to`) of recorded time, with its batch and seal (docs/VERIFYING.md §5), streamed. JSON Lines (`format=jsonl`): a `header` line (`format` `modelreg-predictions/1`, `from`, `to`, `exported_at`); a `checkpoint` line with the signed head covering every seal in the log (`null` when it holds no batch; signed first if none covers them), so each batch can be checked as it is read; per batch, in seal order, a `batch` line (`batch_id`, `size`, `merkle_root`, the `seal` ledger event and its `inclusion_proof` in that head) followed by its `prediction` lines (`batch_id`, `leaf_index`, `prediction_id`, `recorded_at`, `leaf`: the canonical JSON text hashed into the batch's root) in leaf order; and an `end` line counting the batches and predictions, so a log cut short is caught. Check with `tools/verify_log.py` or `modelreg verify --file`. CSV (`format=csv`): a header row `batch_id,seal_position,merkle_root,leaf_index,prediction_id,recorded_at,model_id,version,kind,caller,leaf` and one row per prediction (RFC 4180 quoting), for reading rather than verifying: it carries no proofs. An error after the first line ends the stream early. Admins and auditors only (403 otherwise).",
                "parameters": [
                  {
                    "name": "from",
                    "in": "query",
                    "required": false,
                    "description": "Batches sealed at or after this instant. RFC 3339 timestamp with any offset (fractions finer than a microsecond are truncated), or a bare `YYYY-MM-DD` date meaning midnight UTC; years 1900 to 2099. Defaults to the beginning (`1900-01-01T00:00:00Z`); otherwise 400 `invalid_parameter`.",
                    "schema": {
                      "type": "string",
                      "pattern": "^(?:(?:19|20)[0-9]{2}-(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8])|(?:19|20)[0-9]{2}-(?:0[13-9]|1[0-2])-(?:29|30)|(?:19|20)[0-9]{2}-(?:0[13578]|1[02])-31|(?:19(?:0[48]|[2468][048]|[13579][26])|20(?:[02468][048]|[13579][26]))-02-29)(?:[Tt](?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\\.[0-9]{1,9})?(?:[Zz]|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9]))?$"
                    }
                  },
                  {
                    "name": "to",
                    "in": "query",
                    "required": false,
                    "description": "Batches sealed before this instant. RFC 3339 timestamp with any offset (fractions finer than a microsecond are truncated), or a bare `YYYY-MM-DD` date meaning midnight UTC; years 1900 to 2099. Defaults to no limit; must be after `from` (otherwise 400 `invalid_range`); otherwise 400 `invalid_parameter`.",
                    "schema": {
                      "type": "string",
                      "pattern": "^(?:(?:19|20)[0-9]{2}-(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8])|(?:19|20)[0-9]{2}-(?:0[13-9]|1[0-2])-(?:29|30)|(?:19|20)[0-9]{2}-(?:0[13578]|1[02])-31|(?:19(?:0[48]|[2468][048]|[13579][26])|20(?:[02468][048]|[13579][26]))-02-29)(?:[Tt](?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\\.[0-9]{1,9})?(?:[Zz]|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9]))?$"
                    }
                  },
                  {
                    "name": "format",
                    "in": "query",
                    "required": false,
                    "description": "`jsonl` (verifiable, with proofs) or `csv` (otherwise 400 `invalid_parameter`).",
                    "schema": {
                      "type": "string",
                      "enum": [
                        "jsonl",
                        "csv"
                      ],
                      "default": "jsonl"
                    }
                  },
                  {
                    "$ref": "#/components/parameters/RequestId"
                  }
                ],
                "responses": {
                  "200": {
                    "description": "The decision log, streamed.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      },
                      "Content-Disposition": {
                        "description": "`attachment; filename=\"decision-log.jsonl\"` or `\"decision-log.csv\"`.",
                        "schema": {
                          "type": "string"
                        }
                      }
                    },
                    "content": {
                      "application/x-ndjson": {
                        "schema": {
                          "type": "string",
                          "description": "JSON Lines, UTF-8, one object per line, each with a `record` field: `header`, `batch`, `prediction` or `checkpoint`."
                        }
                      },
                      "text/csv": {
                        "schema": {
                          "type": "string",
                          "description": "UTF-8 CSV with a header row; columns `batch_id`, `seal_position`, `merkle_root`, `leaf_index`, `prediction_id`, `recorded_at`, `model_id`, `version`, `kind`, `caller`, `leaf`."
                        }
                      }
                    }
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest",
                    "description": "`invalid_parameter` (`from` or `to` is not an RFC 3339 timestamp or `YYYY-MM-DD` date in 1900 to 2099, or `format` is neither `jsonl` nor `csv`) or `invalid_range` (`from` is not before `to`)."
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden",
                    "description": "`forbidden`: the caller is neither an admin nor an auditor."
                  },
                  "503": {
                    "$ref": "#/components/responses/ServiceUnavailable"
                  }
                }
              }
            },
            "/v1/exports/inventory": {
              "get": {
                "operationId": "exportInventory",
                "tags": [
                  "Compliance"
                ],
                "summary": "Export the model inventory",
                "description": "One row per model with what model-risk guidance asks an inventory to hold (docs/COMPLIANCE.md): owner, purpose, intended use, limitations and risk tier (from the model card of the version in `production`, else of the latest version), the version in `production` with its artifact, registrant and the approval in force, claimed and computed metrics, the grants in force, the last change and the predictions logged in the 90 days up to `at`. For the pair of instants `at` (valid time) and `known_at` (transaction time), both defaulting to now: `at=T&known_at=T` is the inventory as the registry recorded it at T. Admins and auditors only (403 otherwise).",
                "parameters": [
                  {
                    "$ref": "#/components/parameters/At"
                  },
                  {
                    "$ref": "#/components/parameters/KnownAt"
                  },
                  {
                    "name": "format",
                    "in": "query",
                    "required": false,
                    "description": "`json` or `csv` (otherwise 400 `invalid_parameter`).",
                    "schema": {
                      "type": "string",
                      "enum": [
                        "json",
                        "csv"
                      ],
                      "default": "json"
                    }
                  },
                  {
                    "$ref": "#/components/parameters/RequestId"
                  }
                ],
                "responses": {
                  "200": {
                    "description": "The inventory.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Inventory"
                        }
                      },
                      "text/csv": {
                        "schema": {
                          "type": "string",
                          "description": "UTF-8 CSV with a header row and one row per model, with the columns of `InventoryRow` in its order (RFC 4180 quoting)."
                        }
                      }
                    }
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest",
                    "description": "`invalid_parameter`: `at` or `known_at` is not an RFC 3339 timestamp or a `YYYY-MM-DD` date in 1900 to 2099, or `format` is neither `json` nor `csv`."
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden",
                    "description": "`forbidden`: the caller is neither an admin nor an auditor."
                  },
                  "503": {
                    "$ref": "#/components/responses/ServiceUnavailable"
                  }
                }
              }
            },
            "/v1/reports": {
              "get": {
                "operationId": "getPeriodReport",
                "tags": [
                  "Compliance"
                ],
                "summary": "What happened in a period",
                "description": "Across every model, for the period [`from`, `to`): the models and versions registered, the alias moves (promotions), the four-eyes reviews, the roles granted and revoked, each with when and by whom, and the predictions and artifact downloads counted by model, version and caller. Also `modelreg report --from --to --format md|csv|json`. Admins and auditors only (403 otherwise).",
                "parameters": [
                  {
                    "$ref": "#/components/parameters/PeriodFrom"
                  },
                  {
                    "$ref": "#/components/parameters/PeriodTo"
                  },
                  {
                    "$ref": "#/components/parameters/RequestId"
                  }
                ],
                "responses": {
                  "200": {
                    "description": "The report.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/PeriodReport"
                        }
                      }
                    }
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest",
                    "description": "`invalid_parameter`: `from` or `to` is not an RFC 3339 timestamp or a `YYYY-MM-DD` date in 1900 to 2099, or `from` is not before `to`."
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden",
                    "description": "`forbidden`: the caller is neither an admin nor an auditor."
                  },
                  "503": {
                    "$ref": "#/components/responses/ServiceUnavailable"
                  }
                }
              }
            },
            "/v1/imports": {
              "post": {
                "operationId": "importBackfill",
                "tags": [
                  "Imports"
                ],
                "summary": "Import models that lived before the registry",
                "description": "Admins only (403 otherwise). A backfill: brings in models whose past predates the registry as back-dated events appended now (what `modelreg import` sends). Each row is a version that went live in `production` at its `live_from`. Per model, in `live_from` order, the import appends `ModelRegistered` (owner: the rows' `owner`) effective at the first `live_from`; then per version `VersionRegistered` (registrant: the owner), `VersionApproved` for `production` by the row's `approver` (four-eyes: not the owner) and `AliasSet` of `production`, all effective at its `live_from`; and `AliasRemoved` of `production` effective at `retired_at` when the version was retired before the next one went live. The events' `actor` is the importing admin; their metadata name the source and the row. A `linear` version is read and checked as at registration (`LinearModelArtifact`; an unsupported term or malformed model is a bad row) and gets the signature derived from its terms. One transaction: every row lands or none does, and every bad row is reported at once. Idempotent: model and event ids are derived from the rows, so importing the same rows again appends nothing (status `already_imported`). With `dry_run` every check runs and the answer says what would be imported, but nothing is written. The body may be up to 16 MiB (1 MiB with an `Idempotency-Key`).",
                "parameters": [
                  {
                    "$ref": "#/components/parameters/RequestId"
                  },
                  {
                    "$ref": "#/components/parameters/IdempotencyKey"
                  }
                ],
                "requestBody": {
                  "required": true,
                  "content": {
                    "application/json": {
                      "schema": {
                        "$ref": "#/components/schemas/ImportRequest"
                      }
                    }
                  }
                },
                "responses": {
                  "201": {
                    "description": "Events were appended (`events_appended` > 0): the report.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      },
                      "Idempotent-Replayed": {
                        "$ref": "#/components/headers/Idempotent-Replayed"
                      }
                    },
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/ImportReport"
                        }
                      }
                    }
                  },
                  "200": {
                    "description": "A dry run, or nothing new to append (every model `already_imported`): the report.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      },
                      "Idempotent-Replayed": {
                        "$ref": "#/components/headers/Idempotent-Replayed"
                      }
                    },
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/ImportReport"
                        }
                      }
                    }
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest",
                    "description": "`invalid_json` (body missing or malformed, a row missing a required field or with a malformed timestamp, `unit` not `line` or `entry`) or `invalid_idempotency_key`."
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden",
                    "description": "`forbidden`: the caller is not an admin."
                  },
                  "409": {
                    "$ref": "#/components/responses/Conflict",
                    "description": "`version_conflict` (a model of the same name was appended to concurrently; retry) or `idempotency_conflict`."
                  },
                  "413": {
                    "$ref": "#/components/responses/PayloadTooLarge",
                    "description": "`payload_too_large`: the body exceeds 16 MiB (1 MiB with an `Idempotency-Key`)."
                  },
                  "422": {
                    "$ref": "#/components/responses/UnprocessableContent",
                    "description": "`invalid_backfill`: nothing was written. The message (`nothing was imported: line N: …; line M: …`, naming rows by `unit`, at most 50 of them and then how many more) lists every bad row: a malformed model name, digest, format, description or reason; an artifact digest the registry does not hold (upload it first; a dry run may name it in `pending_artifacts`); an owner or approver that is not a principal; the approver being the owner; `live_from` or `retired_at` in the future; `retired_at` not after `live_from`, or after the next version went live; a `version` that is not the row's place in `live_from` order; two versions of a model live at the same instant; a model's rows naming different owners; a model already in the registry that this import did not create; a `linear` artifact the registry cannot read (the row's message is the one registration gives with 422 `invalid_model` or `unsupported_term`, naming the unsupported term). Also when there are no rows. Otherwise `idempotency_key_reused`."
                  },
                  "503": {
                    "$ref": "#/components/responses/ServiceUnavailable"
                  }
                }
              }
            },
            "/v1/principals": {
              "post": {
                "operationId": "createPrincipal",
                "tags": [
                  "Principals"
                ],
                "summary": "Create a principal",
                "description": "Admins only. Creates a principal (`PrincipalCreated`) and issues its first token, labelled `initial` (`TokenIssued`). The token's secret is in the answer and is never shown again. `Idempotency-Key` is not honoured on `/v1/principals` routes (a malformed one is still refused with 400 `invalid_idempotency_key`): the answer carries the token's secret, which is never stored, so it cannot be replayed; a retry after a lost answer gets 409 `principal_already_exists`, and a new token can then be issued.",
                "parameters": [
                  {
                    "$ref": "#/components/parameters/RequestId"
                  }
                ],
                "requestBody": {
                  "required": true,
                  "content": {
                    "application/json": {
                      "schema": {
                        "$ref": "#/components/schemas/CreatePrincipalRequest"
                      }
                    }
                  }
                },
                "responses": {
                  "201": {
                    "description": "The new principal, its first token and the token's secret.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/CreatedPrincipal"
                        }
                      }
                    }
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest",
                    "description": "`invalid_json` (including an unknown `kind` or role, or a malformed timestamp) or `invalid_idempotency_key` (a malformed key)."
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden",
                    "description": "`forbidden`: the caller is not an admin."
                  },
                  "409": {
                    "$ref": "#/components/responses/Conflict",
                    "description": "`principal_already_exists`."
                  },
                  "413": {
                    "$ref": "#/components/responses/PayloadTooLarge",
                    "description": "`payload_too_large`: the body exceeds 1 MiB."
                  },
                  "422": {
                    "$ref": "#/components/responses/UnprocessableContent",
                    "description": "`invalid_argument`: malformed name, `display_name` longer than 128 characters, `token_expires_at` not in the future."
                  },
                  "503": {
                    "$ref": "#/components/responses/ServiceUnavailable"
                  }
                }
              },
              "get": {
                "operationId": "listPrincipals",
                "tags": [
                  "Principals"
                ],
                "summary": "List principals",
                "description": "Admins and auditors only. Every principal, ordered by name (not paged).",
                "parameters": [
                  {
                    "$ref": "#/components/parameters/RequestId"
                  }
                ],
                "responses": {
                  "200": {
                    "description": "All principals.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/PrincipalList"
                        }
                      }
                    }
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden",
                    "description": "`forbidden`: the caller is neither an admin nor an auditor."
                  },
                  "503": {
                    "$ref": "#/components/responses/ServiceUnavailable"
                  }
                }
              }
            },
            "/v1/principals/{principal}": {
              "get": {
                "operationId": "getPrincipal",
                "tags": [
                  "Principals"
                ],
                "summary": "Show a principal",
                "description": "The principal itself or an admin.",
                "parameters": [
                  {
                    "$ref": "#/components/parameters/PrincipalName"
                  },
                  {
                    "$ref": "#/components/parameters/RequestId"
                  }
                ],
                "responses": {
                  "200": {
                    "description": "The principal's record.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Principal"
                        }
                      }
                    }
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden",
                    "description": "`forbidden`: the caller is neither this principal nor an admin."
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound",
                    "description": "`principal_not_found`."
                  },
                  "503": {
                    "$ref": "#/components/responses/ServiceUnavailable"
                  }
                }
              }
            },
            "/v1/principals/{principal}/tokens": {
              "parameters": [
                {
                  "$ref": "#/components/parameters/PrincipalName"
                }
              ],
              "get": {
                "operationId": "listTokens",
                "tags": [
                  "Principals"
                ],
                "summary": "List a principal's tokens",
                "description": "The principal itself or an admin. Public records only; secrets are never stored or shown.",
                "parameters": [
                  {
                    "$ref": "#/components/parameters/RequestId"
                  }
                ],
                "responses": {
                  "200": {
                    "description": "The principal's tokens.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/TokenList"
                        }
                      }
                    }
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden",
                    "description": "`forbidden`: the caller is neither this principal nor an admin."
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound",
                    "description": "`principal_not_found`."
                  },
                  "503": {
                    "$ref": "#/components/responses/ServiceUnavailable"
                  }
                }
              },
              "post": {
                "operationId": "issueToken",
                "tags": [
                  "Principals"
                ],
                "summary": "Issue a token",
                "description": "The principal itself or an admin. Issues another bearer token (`TokenIssued`); its secret is in the answer and is never shown again. `Idempotency-Key` is not honoured on `/v1/principals` routes (a malformed one is still refused with 400 `invalid_idempotency_key`): the answer carries the token's secret, which is never stored, so it cannot be replayed; a retry issues another token (list the tokens and revoke any unwanted one).",
                "parameters": [
                  {
                    "$ref": "#/components/parameters/RequestId"
                  }
                ],
                "requestBody": {
                  "required": false,
                  "content": {
                    "application/json": {
                      "schema": {
                        "$ref": "#/components/schemas/IssueTokenRequest"
                      }
                    }
                  },
                  "description": "Optional; read only when the request has a non-empty body with a `Content-Length`."
                },
                "responses": {
                  "201": {
                    "description": "The new token and its secret.",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    },
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/IssuedToken"
                        }
                      }
                    }
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest",
                    "description": "`invalid_json` (including a malformed timestamp) or `invalid_idempotency_key` (a malformed key)."
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden",
                    "description": "`forbidden`: the caller is neither this principal nor an admin."
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound",
                    "description": "`principal_not_found`."
                  },
                  "409": {
                    "$ref": "#/components/responses/Conflict",
                    "description": "`version_conflict`: the principal kept changing concurrently; retry."
                  },
                  "413": {
                    "$ref": "#/components/responses/PayloadTooLarge",
                    "description": "`payload_too_large`: the body exceeds 1 MiB."
                  },
                  "422": {
                    "$ref": "#/components/responses/UnprocessableContent",
                    "description": "`invalid_argument`: label longer than 128 characters, `expires_at` not in the future."
                  },
                  "503": {
                    "$ref": "#/components/responses/ServiceUnavailable"
                  }
                }
              }
            },
            "/v1/principals/{principal}/tokens/{token}": {
              "delete": {
                "operationId": "revokeToken",
                "tags": [
                  "Principals"
                ],
                "summary": "Revoke a token",
                "description": "The principal itself or an admin. The token stops working for the very next request (`TokenRevoked`); revoking an already revoked token changes nothing. `Idempotency-Key` is not honoured on `/v1/principals` routes (a malformed one is still refused with 400 `invalid_idempotency_key`): answers on these routes may carry token secrets, which are never stored, so none is kept for replay; revoking is idempotent by itself anyway.",
                "parameters": [
                  {
                    "$ref": "#/components/parameters/PrincipalName"
                  },
                  {
                    "$ref": "#/components/parameters/TokenId"
                  },
                  {
                    "$ref": "#/components/parameters/Reason"
                  },
                  {
                    "$ref": "#/components/parameters/RequestId"
                  }
                ],
                "responses": {
                  "204": {
                    "description": "Revoked (or already revoked).",
                    "headers": {
                      "X-Request-Id": {
                        "$ref": "#/components/headers/X-Request-Id"
                      }
                    }
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest",
                    "description": "`invalid_idempotency_key`: a malformed `Idempotency-Key`."
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden",
                    "description": "`forbidden`: the caller is neither this principal nor an admin."
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound",
                    "description": "`principal_not_found` or `token_not_found`."
                  },
                  "409": {
                    "$ref": "#/components/responses/Conflict",
                    "description": "`version_conflict`: the principal kept changing concurrently; retry."
                  },
                  "422": {
                    "$ref": "#/components/responses/UnprocessableContent",
                    "description": "`invalid_argument`: reason longer than 2000 characters."
                  },
                  "503": {
                    "$ref": "#/components/responses/ServiceUnavailable"
                  }
                }
              }
            }
          },
          "components": {
            "securitySchemes": {
              "bearerAuth": {
                "type": "http",
                "scheme": "bearer",
                "description": "A token `mr_<token_id>_<secret>` issued by `POST /v1/principals`, `POST /v1/principals/{principal}/tokens` or `modelreg admin bootstrap`. Checked on every request, so a revoked or expired token stops working immediately."
              }
            },
            "schemas": {
              "Error": {
                "type": "object",
                "description": "Every refusal: a stable machine-readable code and a message safe to show.",
                "required": [
                  "error"
                ],
                "properties": {
                  "error": {
                    "type": "object",
                    "required": [
                      "code",
                      "message"
                    ],
                    "properties": {
                      "code": {
                        "type": "string",
                        "description": "Stable machine-readable reason, e.g. `model_not_found`, `version_conflict`, `invalid_json`.",
                        "examples": [
                          "model_not_found"
                        ]
                      },
                      "message": {
                        "type": "string",
                        "description": "Human-readable explanation; never contains secrets."
                      }
                    }
                  }
                }
              },
              "Health": {
                "type": "object",
                "required": [
                  "status",
                  "database"
                ],
                "properties": {
                  "status": {
                    "type": "string",
                    "enum": [
                      "ok",
                      "unavailable"
                    ]
                  },
                  "database": {
                    "type": "string",
                    "enum": [
                      "ok",
                      "unreachable"
                    ]
                  }
                }
              },
              "JSONValue": {
                "description": "Any JSON value (object, array, string, number, boolean or null)."
              },
              "Tags": {
                "type": "object",
                "propertyNames": {
                  "minLength": 1,
                  "maxLength": 250,
                  "pattern": "^[^\\u0000-\\u001F\\u007F-\\u009F]+$"
                },
                "additionalProperties": {
                  "type": "string",
                  "maxLength": 5000
                },
                "maxProperties": 100,
                "description": "Free-form string labels: at most 100, keys of 1 to 250 printable characters, values of at most 5000 characters."
              },
              "ModelRole": {
                "type": "string",
                "enum": [
                  "viewer",
                  "user",
                  "editor",
                  "approver",
                  "owner"
                ],
                "description": "A role on one model. `viewer` reads the model, its versions, aliases and history; `user` adds downloading artifacts; `editor` adds registering versions, editing description and tags and moving unprotected aliases; `approver` adds to `user` reviewing versions and moving protected aliases (it does not include `editor`); `owner` includes everything and also grants and revokes roles and chooses the protected aliases. So `viewer` < `user` < `editor`, `approver` < `owner`. A model's creator is its owner."
              },
              "RegistryRole": {
                "type": "string",
                "enum": [
                  "admin",
                  "auditor"
                ],
                "description": "A registry-wide role: `admin` may do everything including managing principals; `auditor` reads everything (every model, its versions, history and grants, the whole ledger, the list of principals) and writes nothing (403 `forbidden` on any change, and on artifact downloads)."
              },
              "PrincipalKind": {
                "type": "string",
                "enum": [
                  "user",
                  "service"
                ],
                "description": "A person or a machine."
              },
              "Decision": {
                "type": "string",
                "enum": [
                  "approved",
                  "rejected"
                ],
                "description": "A review decision."
              },
              "Lineage": {
                "type": "object",
                "description": "Where a version came from. Each field is omitted when unknown.",
                "properties": {
                  "source": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "description": "Source code location (repository, commit, notebook …)."
                  },
                  "run_id": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "description": "Identifier of the training run."
                  },
                  "training_data": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "description": "Reference to the training data."
                  }
                }
              },
              "AliasView": {
                "type": "object",
                "description": "Where an alias points.",
                "required": [
                  "version",
                  "since",
                  "set_by"
                ],
                "properties": {
                  "version": {
                    "type": "integer",
                    "minimum": 1,
                    "description": "The version the alias points at."
                  },
                  "since": {
                    "type": "string",
                    "format": "date-time",
                    "description": "When the alias was set to this version (when the move took effect; earlier than its recording for a correction). RFC 3339 timestamp in UTC with exactly six fractional digits, e.g. `2025-03-31T14:02:07.123456Z`."
                  },
                  "set_by": {
                    "type": "string",
                    "description": "The principal that set it."
                  }
                }
              },
              "AsOf": {
                "type": "object",
                "description": "The pair of instants a time-travel answer is for: the fold of the model's events recorded by `known_at` (transaction time) and effective by `at` (valid time), less those withdrawn by a retraction recorded by `known_at`.",
                "required": [
                  "at",
                  "known_at"
                ],
                "properties": {
                  "at": {
                    "type": "string",
                    "format": "date-time",
                    "description": "Valid time: events effective by this instant count. RFC 3339 timestamp in UTC with exactly six fractional digits, e.g. `2025-03-31T14:02:07.123456Z`."
                  },
                  "known_at": {
                    "type": "string",
                    "format": "date-time",
                    "description": "Transaction time: events recorded by this instant count. RFC 3339 timestamp in UTC with exactly six fractional digits, e.g. `2025-03-31T14:02:07.123456Z`."
                  }
                }
              },
              "ModelView": {
                "type": "object",
                "description": "A registered model's current state, or with `as_of` its state for that pair of instants.",
                "required": [
                  "name",
                  "model_id",
                  "description",
                  "tags",
                  "owner",
                  "created_at",
                  "created_by",
                  "updated_at",
                  "aliases",
                  "protected_aliases"
                ],
                "properties": {
                  "name": {
                    "type": "string",
                    "maxLength": 128,
                    "description": "Unique model name."
                  },
                  "model_id": {
                    "type": "string",
                    "format": "uuid",
                    "description": "Stable id of the model (its ledger stream is `model-<model_id>`); encoded in lowercase hexadecimal."
                  },
                  "description": {
                    "type": "string"
                  },
                  "tags": {
                    "$ref": "#/components/schemas/Tags"
                  },
                  "owner": {
                    "type": "string",
                    "description": "The principal that created the model; it holds the `owner` role on it."
                  },
                  "created_at": {
                    "type": "string",
                    "format": "date-time",
                    "description": "When the model was registered (for an imported model, its first version's `live_from`). RFC 3339 timestamp in UTC with exactly six fractional digits, e.g. `2025-03-31T14:02:07.123456Z`."
                  },
                  "created_by": {
                    "type": "string",
                    "description": "The principal that registered the model."
                  },
                  "updated_at": {
                    "type": "string",
                    "format": "date-time",
                    "description": "When the model last changed. RFC 3339 timestamp in UTC with exactly six fractional digits, e.g. `2025-03-31T14:02:07.123456Z`."
                  },
                  "latest_version": {
                    "type": [
                      "integer",
                      "null"
                    ],
                    "minimum": 1,
                    "description": "The highest version number; absent while the model has no versions."
                  },
                  "aliases": {
                    "type": "object",
                    "additionalProperties": {
                      "$ref": "#/components/schemas/AliasView"
                    },
                    "description": "Alias name → where it points."
                  },
                  "protected_aliases": {
                    "type": "array",
                    "items": {
                      "type": "string"
                    },
                    "description": "Aliases that may only be moved by an `approver` (or `owner`) and only to a version approved for them by someone other than its registrant; `[\"production\"]` for a new model, changed with `PUT /v1/models/{name}/protected-aliases`. Sorted."
                  },
                  "evaluation": {
                    "$ref": "#/components/schemas/EvaluationDataset",
                    "description": "The evaluation dataset the registry computes its own metrics on, set with `PUT /v1/models/{name}/evaluation`; absent while none is set."
                  },
                  "gates": {
                    "type": "object",
                    "additionalProperties": {
                      "$ref": "#/components/schemas/PromotionGate"
                    },
                    "description": "Alias name → its promotion gate, set with `PUT /v1/models/{name}/gates/{alias}`; absent when there are none."
                  },
                  "as_of": {
                    "$ref": "#/components/schemas/AsOf",
                    "description": "Present only when the request gave `at` or `known_at`: the instants this state is for."
                  }
                }
              },
              "ApprovalView": {
                "type": "object",
                "description": "A four-eyes review of a version for an alias.",
                "required": [
                  "version",
                  "alias",
                  "decision",
                  "approver",
                  "notes",
                  "approved_at",
                  "position"
                ],
                "properties": {
                  "version": {
                    "type": "integer",
                    "minimum": 1
                  },
                  "alias": {
                    "type": "string",
                    "description": "The alias the review is for."
                  },
                  "decision": {
                    "$ref": "#/components/schemas/Decision"
                  },
                  "approver": {
                    "type": "string",
                    "description": "The reviewing principal."
                  },
                  "notes": {
                    "type": "string"
                  },
                  "approved_at": {
                    "type": "string",
                    "format": "date-time",
                    "description": "When the review took effect: when it was recorded, or the `effective_at` of a back-dated review. RFC 3339 timestamp in UTC with exactly six fractional digits, e.g. `2025-03-31T14:02:07.123456Z`."
                  },
                  "position": {
                    "type": "integer",
                    "format": "int64",
                    "minimum": 1,
                    "description": "Ledger position of the `VersionApproved` event."
                  }
                }
              },
              "VersionView": {
                "type": "object",
                "description": "A registered version of a model, as it stands now or, with `as_of`, for that pair of instants.",
                "required": [
                  "model",
                  "version",
                  "artifact_sha256",
                  "artifact_size",
                  "format",
                  "description",
                  "metrics",
                  "lineage",
                  "tags",
                  "registrant",
                  "registered_at",
                  "aliases",
                  "approvals"
                ],
                "properties": {
                  "model": {
                    "type": "string",
                    "description": "The model's name."
                  },
                  "version": {
                    "type": "integer",
                    "minimum": 1,
                    "description": "Version number: 1, 2, 3 … per model."
                  },
                  "artifact_sha256": {
                    "type": "string",
                    "pattern": "^[0-9a-f]{64}$",
                    "description": "SHA-256 of the artifact, 64 lowercase hexadecimal characters."
                  },
                  "artifact_size": {
                    "type": "integer",
                    "format": "int64",
                    "minimum": 0,
                    "description": "Artifact size in bytes."
                  },
                  "format": {
                    "type": "string",
                    "description": "Artifact format, e.g. `linear` (a statsmodels linear model or GLM as JSON, read and checked by the registry and served by `POST /v1/models/{name}/predict`), `statsmodels-pickle`, `onnx`."
                  },
                  "description": {
                    "type": "string"
                  },
                  "signature": {
                    "$ref": "#/components/schemas/JSONValue",
                    "description": "Input/output signature. For a `linear` version, the one derived from its terms at registration (see `LinearSignature`); otherwise as given at registration, absent when none was given."
                  },
                  "card": {
                    "$ref": "#/components/schemas/JSONValue",
                    "description": "Model card as given at registration; absent when none was given."
                  },
                  "metrics": {
                    "type": "object",
                    "additionalProperties": {
                      "type": "number"
                    },
                    "description": "Metric name → value, as claimed at registration."
                  },
                  "computed_metrics": {
                    "$ref": "#/components/schemas/MetricsComputed",
                    "description": "The metrics the registry computed itself for this `linear` version on the model's evaluation dataset (the latest `MetricsComputed`; `dataset_sha256` says on which dataset), distinct from the claimed `metrics`; absent while it has none."
                  },
                  "lineage": {
                    "$ref": "#/components/schemas/Lineage"
                  },
                  "tags": {
                    "$ref": "#/components/schemas/Tags"
                  },
                  "registrant": {
                    "type": "string",
                    "description": "The principal that registered the version."
                  },
                  "registered_at": {
                    "type": "string",
                    "format": "date-time",
                    "description": "When the version was registered (when it took effect: the `effective_at` of a back-dated version, the `live_from` of an imported one). RFC 3339 timestamp in UTC with exactly six fractional digits, e.g. `2025-03-31T14:02:07.123456Z`."
                  },
                  "aliases": {
                    "type": "array",
                    "items": {
                      "type": "string"
                    },
                    "description": "Aliases pointing at this version (then, with `as_of`), sorted."
                  },
                  "approvals": {
                    "type": "array",
                    "items": {
                      "$ref": "#/components/schemas/ApprovalView"
                    },
                    "description": "Reviews of this version in the order they took effect (effective time, then ledger position)."
                  },
                  "as_of": {
                    "$ref": "#/components/schemas/AsOf",
                    "description": "Present only when the request gave `at` or `known_at`: the instants this version, its aliases and approvals are for."
                  }
                }
              },
              "EvaluationDataset": {
                "type": "object",
                "description": "A model's evaluation dataset: a CSV artifact with a header line, and its column of observed values.",
                "required": [
                  "artifact_sha256",
                  "target"
                ],
                "properties": {
                  "artifact_sha256": {
                    "type": "string",
                    "pattern": "^[0-9a-f]{64}$",
                    "description": "SHA-256 of the CSV artifact, 64 lowercase hexadecimal characters."
                  },
                  "target": {
                    "type": "string",
                    "minLength": 1,
                    "maxLength": 250,
                    "description": "The column of observed values; the other columns used are named like the `linear` versions' inputs."
                  }
                }
              },
              "MetricsComputed": {
                "type": "object",
                "description": "Metrics the registry computed itself for a `linear` version on an evaluation dataset (the payload of a `MetricsComputed` event, actor `registry`). `gaussian` and other non-`binomial` families: `rmse`, `mae`, `r_squared` (centred; absent when the target is constant). `binomial`: `log_loss`, `accuracy` (threshold 0.5), `auc` (Mann–Whitney, ties counted half; absent unless the target has both 1 and other values).",
                "required": [
                  "version",
                  "dataset_sha256",
                  "rows",
                  "metrics"
                ],
                "properties": {
                  "version": {
                    "type": "integer",
                    "minimum": 1,
                    "description": "The version evaluated."
                  },
                  "dataset_sha256": {
                    "type": "string",
                    "pattern": "^[0-9a-f]{64}$",
                    "description": "SHA-256 of the evaluation dataset's artifact, 64 lowercase hexadecimal characters."
                  },
                  "rows": {
                    "type": "integer",
                    "minimum": 0,
                    "description": "The number of data rows evaluated."
                  },
                  "metrics": {
                    "type": "object",
                    "additionalProperties": {
                      "type": "number"
                    },
                    "description": "Metric name → value."
                  }
                }
              },
              "PromotionGate": {
                "type": "object",
                "description": "A promotion gate: the alias moves only to a version whose `metric`, as computed by the registry on the current evaluation dataset, is within the bounds (inclusive). At least one bound is present.",
                "required": [
                  "alias",
                  "metric"
                ],
                "properties": {
                  "alias": {
                    "type": "string",
                    "description": "The gated alias."
                  },
                  "metric": {
                    "type": "string",
                    "description": "The computed metric, e.g. `r_squared` or `auc`."
                  },
                  "minimum": {
                    "type": [
                      "number",
                      "null"
                    ],
                    "description": "The lowest value allowed; absent for none."
                  },
                  "maximum": {
                    "type": [
                      "number",
                      "null"
                    ],
                    "description": "The highest value allowed; absent for none."
                  }
                }
              },
              "LinearModelArtifact": {
                "type": "object",
                "description": "The artifact of a `linear` version: the JSON statsmodels gives for a linear model or GLM. The registry reads it at registration (and import) and refuses it there, never at prediction time: a term it cannot evaluate with 422 `unsupported_term` naming the term (also for a variable used both as a number and as a category), anything else malformed with 422 `invalid_model` (not a JSON object, no `formula` or `params`, an unknown `family` or `link`, a coefficient that is not a finite number, a level named by a term but missing from its variable's declared `levels`, an artifact larger than 4 MiB). Supported terms (patsy names): `Intercept`; numeric variables (`hp`: a letter or `_`, then letters, digits, `_` or `.`); categorical indicators `C(x)[level]` (full-rank coding: 1 when `x` is `level`) and `C(x)[T.level]` (treatment coding against a reference level no term names); and interactions `a:b` (`:`-joined, the product of their factors, e.g. `hp:C(cyl)[T.6]`). The output is the inverse link of the linear predictor η = Σ coefficient × term. Other fields (statsmodels' `bse`, `pvalues` …) are ignored.",
                "required": [
                  "formula",
                  "link",
                  "params"
                ],
                "properties": {
                  "formula": {
                    "type": "string",
                    "description": "The model's formula, e.g. `mpg ~ hp + C(cyl)`; required but not parsed (the terms come from `params`)."
                  },
                  "family": {
                    "type": "string",
                    "enum": [
                      "gaussian",
                      "binomial",
                      "poisson",
                      "gamma",
                      "inverse_gaussian",
                      "negativebinomial",
                      "tweedie"
                    ],
                    "default": "gaussian",
                    "description": "The GLM family (case-insensitive). Recorded in the signature; the output depends only on `link`."
                  },
                  "link": {
                    "type": "string",
                    "enum": [
                      "identity",
                      "logit",
                      "log",
                      "probit",
                      "inverse"
                    ],
                    "description": "The link function (case-insensitive). The output is its inverse applied to η: `identity` η, `logit` 1 / (1 + e^−η), `log` e^η, `probit` Φ(η) (the standard normal distribution function), `inverse` 1 / η."
                  },
                  "params": {
                    "type": "object",
                    "minProperties": 1,
                    "additionalProperties": {
                      "type": "number"
                    },
                    "description": "Term name → coefficient (a finite number), at least one."
                  },
                  "levels": {
                    "type": "object",
                    "additionalProperties": {
                      "type": "array",
                      "items": {
                        "type": [
                          "string",
                          "number"
                        ]
                      }
                    },
                    "description": "Optional: categorical variable → its levels (numbers are written as patsy names them: `4`, not `4.0`). A variable listed here accepts exactly these levels; one not listed accepts the levels its terms name and, when it is treatment-coded (`C(x)[T.level]`), any other value as the reference level."
                  }
                }
              },
              "LinearSignature": {
                "type": "object",
                "description": "The signature of a `linear` version, derived from its terms at registration (a declared one must equal it): what an input row must hold and what the output is.",
                "required": [
                  "inputs",
                  "output"
                ],
                "properties": {
                  "inputs": {
                    "type": "object",
                    "description": "Input name → its type: every variable the terms use, each required in every row.",
                    "additionalProperties": {
                      "oneOf": [
                        {
                          "type": "object",
                          "description": "A numeric variable: a finite number.",
                          "required": [
                            "type"
                          ],
                          "properties": {
                            "type": {
                              "const": "number"
                            }
                          }
                        },
                        {
                          "type": "object",
                          "description": "A categorical variable: one of its levels.",
                          "required": [
                            "type",
                            "levels",
                            "open"
                          ],
                          "properties": {
                            "type": {
                              "const": "category"
                            },
                            "levels": {
                              "type": "array",
                              "items": {
                                "type": "string"
                              },
                              "description": "The declared levels (from the artifact's `levels`), else those the terms name, sorted."
                            },
                            "open": {
                              "type": "boolean",
                              "description": "`true` when the variable is treatment-coded (`C(x)[T.level]`) without declared levels: a level not named by a term is the reference level (all its indicators 0) and is accepted. `false`: a level outside `levels` is refused (422 `invalid_input`)."
                            }
                          }
                        }
                      ]
                    }
                  },
                  "output": {
                    "type": "object",
                    "required": [
                      "type",
                      "link",
                      "family"
                    ],
                    "properties": {
                      "type": {
                        "const": "number"
                      },
                      "link": {
                        "type": "string",
                        "description": "The artifact's `link`, lowercase."
                      },
                      "family": {
                        "type": "string",
                        "description": "The artifact's `family`, lowercase (`gaussian` when it gave none)."
                      }
                    }
                  }
                }
              },
              "EventView": {
                "type": "object",
                "description": "A ledger entry: both times, the actor, the payload and the chain hashes. In a model's history it also says why and how it relates to corrections (`reason`, `back_dated`, `supersedes`, `retracts`, `retracted_by`); `/v1/events` does not set those.",
                "required": [
                  "position",
                  "event_id",
                  "stream",
                  "stream_version",
                  "type",
                  "recorded_at",
                  "effective_at",
                  "actor",
                  "data",
                  "metadata",
                  "prev_hash",
                  "hash"
                ],
                "properties": {
                  "position": {
                    "type": "integer",
                    "format": "int64",
                    "minimum": 1,
                    "description": "Gapless position in the ledger: 1, 2, 3 …"
                  },
                  "event_id": {
                    "type": "string",
                    "format": "uuid",
                    "description": "The event's id; encoded in lowercase hexadecimal, exactly as hashed."
                  },
                  "stream": {
                    "type": "string",
                    "description": "`model-<model_id>`, `principal-<name>` or `predictions` (the `PredictionBatchSealed` seals of the prediction log)."
                  },
                  "stream_version": {
                    "type": "integer",
                    "format": "int64",
                    "minimum": 1,
                    "description": "Position within the stream: 1, 2, 3 …"
                  },
                  "type": {
                    "type": "string",
                    "description": "Event type: `ModelRegistered`, `ModelUpdated`, `VersionRegistered`, `AliasSet`, `AliasRemoved`, `VersionApproved`, `ProtectedAliasesChanged`, `EvaluationDatasetSet`, `MetricsComputed`, `PromotionGateSet`, `AccessGranted`, `AccessRevoked`, `ArtifactDownloaded`, `EventRetracted`, `PredictionBatchSealed`, `PrincipalCreated`, `TokenIssued`, `TokenRevoked`, or — from MLflow's API (docs/MLFLOW.md) — `ModelRenamed`, `ModelDeleted`, `VersionUpdated` or `VersionDeleted`."
                  },
                  "recorded_at": {
                    "type": "string",
                    "format": "date-time",
                    "description": "When the registry learnt of the event; strictly increasing with position. RFC 3339 timestamp in UTC with exactly six fractional digits, e.g. `2025-03-31T14:02:07.123456Z`."
                  },
                  "effective_at": {
                    "type": "string",
                    "format": "date-time",
                    "description": "When the event was true; equal to `recorded_at` unless back-dated (a correction or an import). RFC 3339 timestamp in UTC with exactly six fractional digits, e.g. `2025-03-31T14:02:07.123456Z`."
                  },
                  "actor": {
                    "type": "string",
                    "description": "The principal that caused the event; `registry` for `PredictionBatchSealed` and `MetricsComputed`, which the registry appends itself."
                  },
                  "data": {
                    "$ref": "#/components/schemas/JSONValue",
                    "description": "The event payload (snake_case fields, depending on `type`). For `EventRetracted`: `event_id`, `position` and `type` of the withdrawn event, and `reason`. For `EvaluationDatasetSet`: `artifact_sha256` and `target` (see `EvaluationDataset`); for `MetricsComputed`: see `MetricsComputed`; for `PromotionGateSet`: `alias`, `metric`, and `minimum` and `maximum` when set (neither: the gate was removed). For `PredictionBatchSealed` (stream `predictions`): `batch_id` (lowercase UUID), `size` (the number of predictions in the batch) and `merkle_root` (the RFC 6962 Merkle root of the batch's leaves, see `PredictionLeaf`; 64 lowercase hexadecimal characters)."
                  },
                  "metadata": {
                    "$ref": "#/components/schemas/JSONValue",
                    "description": "Request metadata: `request_id`, and `reason` and `idempotency_key` when given; for imported events also `backfill_source` and `backfill_line` or `backfill_entry`. Empty (`{}`) for `PredictionBatchSealed`: a batch spans requests, whose ids are in its leaves."
                  },
                  "prev_hash": {
                    "type": "string",
                    "pattern": "^[0-9a-f]{64}$",
                    "description": "`hash` of the previous position (64 zeros for position 1), lowercase hexadecimal."
                  },
                  "hash": {
                    "type": "string",
                    "pattern": "^[0-9a-f]{64}$",
                    "description": "SHA-256 chaining this event to `prev_hash`, lowercase hexadecimal."
                  },
                  "reason": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "description": "In a model's history: why. The event's own reason (a review's notes, a retraction's reason), else the one its request gave; absent when neither gave one."
                  },
                  "back_dated": {
                    "type": [
                      "boolean",
                      "null"
                    ],
                    "description": "In a model's history: `true` when the event was recorded later than it took effect (`effective_at` before `recorded_at`), a correction of the past or an imported fact; `false` otherwise."
                  },
                  "supersedes": {
                    "$ref": "#/components/schemas/EventReference",
                    "description": "In a model's history, for a back-dated fact: the event that was in force for the same fact (description, tags, protected aliases, an alias, a grant) at its effective time, as known just before the correction was recorded; absent when there was none."
                  },
                  "retracts": {
                    "$ref": "#/components/schemas/EventReference",
                    "description": "In a model's history, for an `EventRetracted`: the event it withdrew."
                  },
                  "retracted_by": {
                    "$ref": "#/components/schemas/EventReference",
                    "description": "In a model's history, for a withdrawn event: the retraction that withdrew it, as known for the instants asked (at `known_at`, now by default), with its reason; absent when none is known."
                  }
                }
              },
              "EventReference": {
                "type": "object",
                "description": "Another event of the same model's stream, as a history names it.",
                "required": [
                  "event_id",
                  "position",
                  "type",
                  "recorded_at",
                  "effective_at",
                  "actor"
                ],
                "properties": {
                  "event_id": {
                    "type": "string",
                    "format": "uuid",
                    "description": "The event's id, lowercase."
                  },
                  "position": {
                    "type": "integer",
                    "format": "int64",
                    "minimum": 1,
                    "description": "Its position in the ledger."
                  },
                  "type": {
                    "type": "string",
                    "description": "Its event type."
                  },
                  "recorded_at": {
                    "type": "string",
                    "format": "date-time",
                    "description": "When it was recorded. RFC 3339 timestamp in UTC with exactly six fractional digits, e.g. `2025-03-31T14:02:07.123456Z`."
                  },
                  "effective_at": {
                    "type": "string",
                    "format": "date-time",
                    "description": "When it took effect. RFC 3339 timestamp in UTC with exactly six fractional digits, e.g. `2025-03-31T14:02:07.123456Z`."
                  },
                  "actor": {
                    "type": "string",
                    "description": "The principal that caused it."
                  },
                  "reason": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "description": "In `retracted_by`: the retraction's reason. Absent otherwise."
                  }
                }
              },
              "ArtifactInfo": {
                "type": "object",
                "description": "A stored artifact (content-addressed by SHA-256).",
                "required": [
                  "sha256",
                  "size",
                  "created_at",
                  "created_by"
                ],
                "properties": {
                  "sha256": {
                    "type": "string",
                    "pattern": "^[0-9a-f]{64}$"
                  },
                  "size": {
                    "type": "integer",
                    "format": "int64",
                    "minimum": 0,
                    "description": "Size in bytes."
                  },
                  "created_at": {
                    "type": "string",
                    "format": "date-time",
                    "description": "When the artifact was first stored. RFC 3339 timestamp in UTC with exactly six fractional digits, e.g. `2025-03-31T14:02:07.123456Z`."
                  },
                  "created_by": {
                    "type": "string",
                    "description": "The principal that first uploaded it."
                  }
                }
              },
              "Principal": {
                "type": "object",
                "description": "A principal's public record.",
                "required": [
                  "name",
                  "kind",
                  "display_name",
                  "roles",
                  "created_at"
                ],
                "properties": {
                  "name": {
                    "type": "string",
                    "maxLength": 128
                  },
                  "kind": {
                    "$ref": "#/components/schemas/PrincipalKind"
                  },
                  "display_name": {
                    "type": "string"
                  },
                  "roles": {
                    "type": "array",
                    "items": {
                      "$ref": "#/components/schemas/RegistryRole"
                    }
                  },
                  "created_at": {
                    "type": "string",
                    "format": "date-time",
                    "description": "When the principal was created. RFC 3339 timestamp in UTC with exactly six fractional digits, e.g. `2025-03-31T14:02:07.123456Z`."
                  }
                }
              },
              "Token": {
                "type": "object",
                "description": "A token's public record; never the secret.",
                "required": [
                  "token_id",
                  "label",
                  "issued_at"
                ],
                "properties": {
                  "token_id": {
                    "type": "string",
                    "pattern": "^[0-9a-f]{12}$",
                    "description": "Public id of the token (the middle part of `mr_<token_id>_<secret>`)."
                  },
                  "label": {
                    "type": "string"
                  },
                  "issued_at": {
                    "type": "string",
                    "format": "date-time",
                    "description": "When the token was issued. RFC 3339 timestamp in UTC with exactly six fractional digits, e.g. `2025-03-31T14:02:07.123456Z`."
                  },
                  "expires_at": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "format": "date-time",
                    "description": "When the token stops working. RFC 3339 timestamp in UTC with exactly six fractional digits, e.g. `2025-03-31T14:02:07.123456Z`. Absent when not set."
                  },
                  "revoked_at": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "format": "date-time",
                    "description": "When the token was revoked. RFC 3339 timestamp in UTC with exactly six fractional digits, e.g. `2025-03-31T14:02:07.123456Z`. Absent when not set."
                  }
                }
              },
              "CreatedPrincipal": {
                "type": "object",
                "description": "The answer to creating a principal: its record, its first token and the token's secret, which is shown only this once.",
                "required": [
                  "principal",
                  "secret"
                ],
                "properties": {
                  "principal": {
                    "$ref": "#/components/schemas/Principal"
                  },
                  "token": {
                    "$ref": "#/components/schemas/Token"
                  },
                  "secret": {
                    "type": "string",
                    "description": "The bearer token `mr_<token_id>_<secret>`; store it now, it is never shown again.",
                    "examples": [
                      "mr_0123456789ab_Zm9vYmFy"
                    ]
                  }
                }
              },
              "IssuedToken": {
                "type": "object",
                "description": "The answer to issuing a token: its record and its secret, which is shown only this once.",
                "required": [
                  "token",
                  "secret"
                ],
                "properties": {
                  "token": {
                    "$ref": "#/components/schemas/Token"
                  },
                  "secret": {
                    "type": "string",
                    "description": "The bearer token `mr_<token_id>_<secret>`; store it now, it is never shown again."
                  }
                }
              },
              "GrantView": {
                "type": "object",
                "description": "A role granted to a principal on one model. A principal may hold several roles on a model, one grant each.",
                "required": [
                  "principal",
                  "role",
                  "granted_by",
                  "granted_at"
                ],
                "properties": {
                  "principal": {
                    "type": "string",
                    "description": "The principal holding the role."
                  },
                  "role": {
                    "$ref": "#/components/schemas/ModelRole"
                  },
                  "expires_at": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "format": "date-time",
                    "description": "When the grant stops working (no event is needed; an expired grant stays listed until revoked). RFC 3339 timestamp in UTC with exactly six fractional digits, e.g. `2025-03-31T14:02:07.123456Z`. Absent when not set."
                  },
                  "granted_by": {
                    "type": "string",
                    "description": "The principal that granted it."
                  },
                  "granted_at": {
                    "type": "string",
                    "format": "date-time",
                    "description": "When it was (last) granted, in valid time (the `effective_at` of a back-dated grant). RFC 3339 timestamp in UTC with exactly six fractional digits, e.g. `2025-03-31T14:02:07.123456Z`."
                  },
                  "reason": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "description": "Why it was granted; absent when no reason was given."
                  }
                }
              },
              "GrantList": {
                "type": "object",
                "required": [
                  "model",
                  "items"
                ],
                "properties": {
                  "model": {
                    "type": "string",
                    "description": "The model's name."
                  },
                  "items": {
                    "type": "array",
                    "items": {
                      "$ref": "#/components/schemas/GrantView"
                    },
                    "description": "Every grant on the model, ordered by principal and role, including expired ones; with `as_of`, the grants held at `at` as known at `known_at`, without those expired by `at`. The model's owner holds `owner` without a grant and is not listed unless granted explicitly."
                  },
                  "as_of": {
                    "$ref": "#/components/schemas/AsOf",
                    "description": "Present only when the request gave `at` or `known_at`: the instants these grants are for."
                  }
                }
              },
              "ModelPage": {
                "type": "object",
                "required": [
                  "items"
                ],
                "properties": {
                  "items": {
                    "type": "array",
                    "items": {
                      "$ref": "#/components/schemas/ModelView"
                    }
                  },
                  "next": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "description": "Cursor for the next page (the last model's name; pass as `after`); absent on the last page."
                  },
                  "as_of": {
                    "$ref": "#/components/schemas/AsOf",
                    "description": "Present only when the request gave `at` or `known_at`: the instants this page is for."
                  }
                }
              },
              "VersionPage": {
                "type": "object",
                "required": [
                  "items"
                ],
                "properties": {
                  "items": {
                    "type": "array",
                    "items": {
                      "$ref": "#/components/schemas/VersionView"
                    }
                  },
                  "next": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "description": "Cursor for the next page (the last version number, as a string; pass as `after`); absent on the last page."
                  },
                  "as_of": {
                    "$ref": "#/components/schemas/AsOf",
                    "description": "Present only when the request gave `at` or `known_at`: the instants this page is for."
                  }
                }
              },
              "EventPage": {
                "type": "object",
                "required": [
                  "items"
                ],
                "properties": {
                  "items": {
                    "type": "array",
                    "items": {
                      "$ref": "#/components/schemas/EventView"
                    }
                  },
                  "next": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "description": "Cursor for the next page (the last item's `position` for `/v1/events`, its `stream_version` for a model's history, as a string; pass as `after`); absent on the last page."
                  },
                  "as_of": {
                    "$ref": "#/components/schemas/AsOf",
                    "description": "Present only when the request gave `at` or `known_at`: the instants this page is for."
                  }
                }
              },
              "LiveItem": {
                "type": "object",
                "description": "Where the alias pointed for one model, and since when.",
                "required": [
                  "model",
                  "version",
                  "since",
                  "since_recorded_at",
                  "set_by"
                ],
                "properties": {
                  "model": {
                    "type": "string",
                    "description": "The model's name."
                  },
                  "version": {
                    "type": "integer",
                    "minimum": 1,
                    "description": "The version the alias pointed at."
                  },
                  "since": {
                    "type": "string",
                    "format": "date-time",
                    "description": "Valid time: when the alias move took effect. RFC 3339 timestamp in UTC with exactly six fractional digits, e.g. `2025-03-31T14:02:07.123456Z`."
                  },
                  "since_recorded_at": {
                    "type": "string",
                    "format": "date-time",
                    "description": "Transaction time: when the registry recorded the alias move. RFC 3339 timestamp in UTC with exactly six fractional digits, e.g. `2025-03-31T14:02:07.123456Z`."
                  },
                  "set_by": {
                    "type": "string",
                    "description": "The principal that set it."
                  }
                }
              },
              "LiveView": {
                "type": "object",
                "description": "Which version an alias pointed at, for every model the caller may see, for a pair of instants.",
                "required": [
                  "as_of",
                  "alias",
                  "items"
                ],
                "properties": {
                  "as_of": {
                    "$ref": "#/components/schemas/AsOf",
                    "description": "The instants the answer is for (both default to now)."
                  },
                  "alias": {
                    "type": "string",
                    "description": "The alias asked about."
                  },
                  "items": {
                    "type": "array",
                    "items": {
                      "$ref": "#/components/schemas/LiveItem"
                    },
                    "description": "One item per model the caller may see (by its rights now) whose alias existed then, ordered by model name."
                  }
                }
              },
              "PrincipalList": {
                "type": "object",
                "required": [
                  "items"
                ],
                "properties": {
                  "items": {
                    "type": "array",
                    "items": {
                      "$ref": "#/components/schemas/Principal"
                    },
                    "description": "Every principal, ordered by name."
                  }
                }
              },
              "TokenList": {
                "type": "object",
                "required": [
                  "items"
                ],
                "properties": {
                  "items": {
                    "type": "array",
                    "items": {
                      "$ref": "#/components/schemas/Token"
                    },
                    "description": "The principal's tokens, ordered by issue time, including expired and revoked ones."
                  }
                }
              },
              "CreateModelRequest": {
                "type": "object",
                "required": [
                  "name"
                ],
                "properties": {
                  "name": {
                    "type": "string",
                    "minLength": 1,
                    "maxLength": 128,
                    "pattern": "^[A-Za-z0-9][A-Za-z0-9._-]*$",
                    "description": "A letter or digit, then letters, digits, `.`, `_` or `-`; at most 128 characters."
                  },
                  "description": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "maxLength": 10000,
                    "default": ""
                  },
                  "tags": {
                    "type": [
                      "object",
                      "null"
                    ],
                    "propertyNames": {
                      "minLength": 1,
                      "maxLength": 250,
                      "pattern": "^[^\\u0000-\\u001F\\u007F-\\u009F]+$"
                    },
                    "additionalProperties": {
                      "type": "string",
                      "maxLength": 5000
                    },
                    "maxProperties": 100,
                    "description": "Free-form string labels: at most 100, keys of 1 to 250 printable characters, values of at most 5000 characters."
                  }
                }
              },
              "UpdateModelRequest": {
                "type": "object",
                "description": "Give `description`, `tags` or both (422 `invalid_argument` when neither). `tags` replaces the whole set. Values equal to the current ones change nothing.",
                "properties": {
                  "description": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "maxLength": 10000
                  },
                  "tags": {
                    "type": [
                      "object",
                      "null"
                    ],
                    "propertyNames": {
                      "minLength": 1,
                      "maxLength": 250,
                      "pattern": "^[^\\u0000-\\u001F\\u007F-\\u009F]+$"
                    },
                    "additionalProperties": {
                      "type": "string",
                      "maxLength": 5000
                    },
                    "maxProperties": 100,
                    "description": "Free-form string labels: at most 100, keys of 1 to 250 printable characters, values of at most 5000 characters."
                  },
                  "reason": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "maxLength": 2000,
                    "description": "Why; recorded in the event and its metadata. Required (not blank) with `effective_at`."
                  },
                  "effective_at": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "description": "A correction: record the change as of this earlier instant (valid time) instead of now. It is decided against the model as it stood then, with everything known now, and takes its place in the history there; later facts stay in force after it. Needs a non-empty `reason` and the `owner` role on the model or `admin` (403 `forbidden` otherwise, even for a caller who may make the change now); not in the future and not before the model was registered (422 `invalid_argument`). Absent: the change takes effect now. RFC 3339 timestamp with any offset (fractions finer than a microsecond are truncated), or a bare `YYYY-MM-DD` date meaning midnight UTC; years 1900 to 2099.",
                    "pattern": "^(?:(?:19|20)[0-9]{2}-(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8])|(?:19|20)[0-9]{2}-(?:0[13-9]|1[0-2])-(?:29|30)|(?:19|20)[0-9]{2}-(?:0[13578]|1[02])-31|(?:19(?:0[48]|[2468][048]|[13579][26])|20(?:[02468][048]|[13579][26]))-02-29)(?:[Tt ](?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\\.[0-9]{1,9})?(?:[Zz]|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9]))?$"
                  }
                },
                "if": {
                  "required": [
                    "effective_at"
                  ],
                  "properties": {
                    "effective_at": {
                      "type": "string"
                    }
                  }
                },
                "then": {
                  "required": [
                    "reason"
                  ],
                  "properties": {
                    "reason": {
                      "type": "string",
                      "pattern": "\\S"
                    }
                  }
                },
                "anyOf": [
                  {
                    "required": [
                      "description"
                    ],
                    "properties": {
                      "description": {
                        "type": "string"
                      }
                    }
                  },
                  {
                    "required": [
                      "tags"
                    ],
                    "properties": {
                      "tags": {
                        "type": "object"
                      }
                    }
                  }
                ]
              },
              "RegisterVersionRequest": {
                "type": "object",
                "required": [
                  "artifact_sha256",
                  "format"
                ],
                "properties": {
                  "artifact_sha256": {
                    "type": "string",
                    "pattern": "^[0-9a-f]{64}$",
                    "description": "SHA-256 of an artifact already uploaded to `POST /v1/artifacts`."
                  },
                  "format": {
                    "type": "string",
                    "minLength": 1,
                    "maxLength": 64,
                    "pattern": "^[a-z0-9._-]+$",
                    "description": "1 to 64 characters of a-z, 0-9, `-`, `_` or `.`. `linear` is read and checked now: the artifact must be a `LinearModelArtifact` (422 `invalid_model` or `unsupported_term` otherwise), and the version can then be served by `POST /v1/models/{name}/predict`. Other formats are stored as given and never read."
                  },
                  "description": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "maxLength": 10000,
                    "default": ""
                  },
                  "signature": {
                    "$ref": "#/components/schemas/JSONValue",
                    "description": "Input/output signature, any JSON. For a `linear` version leave it out: the signature is derived from the model's terms (see `LinearSignature`), and a declared one that differs from it is refused with 422 `invalid_model` (the message shows the derived one)."
                  },
                  "card": {
                    "$ref": "#/components/schemas/JSONValue",
                    "description": "Model card, any JSON."
                  },
                  "metrics": {
                    "type": [
                      "object",
                      "null"
                    ],
                    "propertyNames": {
                      "minLength": 1,
                      "maxLength": 250
                    },
                    "additionalProperties": {
                      "type": "number"
                    },
                    "description": "Metric name (1 to 250 characters) → finite number."
                  },
                  "lineage": {
                    "type": [
                      "object",
                      "null"
                    ],
                    "description": "Where the version came from.",
                    "properties": {
                      "source": {
                        "type": [
                          "string",
                          "null"
                        ]
                      },
                      "run_id": {
                        "type": [
                          "string",
                          "null"
                        ]
                      },
                      "training_data": {
                        "type": [
                          "string",
                          "null"
                        ]
                      }
                    }
                  },
                  "tags": {
                    "type": [
                      "object",
                      "null"
                    ],
                    "propertyNames": {
                      "minLength": 1,
                      "maxLength": 250,
                      "pattern": "^[^\\u0000-\\u001F\\u007F-\\u009F]+$"
                    },
                    "additionalProperties": {
                      "type": "string",
                      "maxLength": 5000
                    },
                    "maxProperties": 100,
                    "description": "Free-form string labels: at most 100, keys of 1 to 250 printable characters, values of at most 5000 characters."
                  },
                  "effective_at": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "description": "A correction: record the change as of this earlier instant (valid time) instead of now. It is decided against the model as it stood then, with everything known now, and takes its place in the history there; later facts stay in force after it. Needs a non-empty `reason` and the `owner` role on the model or `admin` (403 `forbidden` otherwise, even for a caller who may make the change now); not in the future and not before the model was registered (422 `invalid_argument`). The version must also be effective after the latest version of the model (422 `invalid_argument`). Absent: the change takes effect now. RFC 3339 timestamp with any offset (fractions finer than a microsecond are truncated), or a bare `YYYY-MM-DD` date meaning midnight UTC; years 1900 to 2099.",
                    "pattern": "^(?:(?:19|20)[0-9]{2}-(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8])|(?:19|20)[0-9]{2}-(?:0[13-9]|1[0-2])-(?:29|30)|(?:19|20)[0-9]{2}-(?:0[13578]|1[02])-31|(?:19(?:0[48]|[2468][048]|[13579][26])|20(?:[02468][048]|[13579][26]))-02-29)(?:[Tt ](?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\\.[0-9]{1,9})?(?:[Zz]|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9]))?$"
                  },
                  "reason": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "maxLength": 2000,
                    "description": "Why; recorded in the event and its metadata. Required (not blank) with `effective_at`."
                  }
                },
                "if": {
                  "required": [
                    "effective_at"
                  ],
                  "properties": {
                    "effective_at": {
                      "type": "string"
                    }
                  }
                },
                "then": {
                  "required": [
                    "reason"
                  ],
                  "properties": {
                    "reason": {
                      "type": "string",
                      "pattern": "\\S"
                    }
                  }
                }
              },
              "SetAliasRequest": {
                "type": "object",
                "required": [
                  "version"
                ],
                "properties": {
                  "version": {
                    "type": "integer",
                    "description": "The version the alias should point at; it must exist.",
                    "format": "int64",
                    "minimum": 1,
                    "maximum": 9223372036854775807
                  },
                  "reason": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "maxLength": 2000,
                    "description": "Why; recorded in the event and its metadata. Required (not blank) with `effective_at`."
                  },
                  "effective_at": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "description": "A correction: record the change as of this earlier instant (valid time) instead of now. It is decided against the model as it stood then, with everything known now, and takes its place in the history there; later facts stay in force after it. Needs a non-empty `reason` and the `owner` role on the model or `admin` (403 `forbidden` otherwise, even for a caller who may make the change now); not in the future and not before the model was registered (422 `invalid_argument`). The version must have existed then (404 `version_not_found`), a protected alias needed an approval in force then (403 `approval_required`), and a gated one a computed metric within the gate in force then (409 `gate_failed`). Absent: the change takes effect now. RFC 3339 timestamp with any offset (fractions finer than a microsecond are truncated), or a bare `YYYY-MM-DD` date meaning midnight UTC; years 1900 to 2099.",
                    "pattern": "^(?:(?:19|20)[0-9]{2}-(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8])|(?:19|20)[0-9]{2}-(?:0[13-9]|1[0-2])-(?:29|30)|(?:19|20)[0-9]{2}-(?:0[13578]|1[02])-31|(?:19(?:0[48]|[2468][048]|[13579][26])|20(?:[02468][048]|[13579][26]))-02-29)(?:[Tt ](?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\\.[0-9]{1,9})?(?:[Zz]|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9]))?$"
                  },
                  "from_version": {
                    "type": [
                      "integer",
                      "null"
                    ],
                    "format": "int64",
                    "description": "Compare-and-set: move the alias only if it points to this version now (`null`: only if it is not set), otherwise 409 `alias_moved` naming where it points, and nothing is appended. Absent: move it wherever it points."
                  }
                },
                "if": {
                  "required": [
                    "effective_at"
                  ],
                  "properties": {
                    "effective_at": {
                      "type": "string"
                    }
                  }
                },
                "then": {
                  "required": [
                    "reason"
                  ],
                  "properties": {
                    "reason": {
                      "type": "string",
                      "pattern": "\\S"
                    }
                  }
                }
              },
              "ReasonRequest": {
                "type": "object",
                "properties": {
                  "reason": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "maxLength": 2000,
                    "description": "Why; recorded in the event and its metadata. Required (not blank) with `effective_at`. The `reason` query parameter takes precedence."
                  },
                  "effective_at": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "description": "A correction: record the change as of this earlier instant (valid time) instead of now. It is decided against the model as it stood then, with everything known now, and takes its place in the history there; later facts stay in force after it. Needs a non-empty `reason` and the `owner` role on the model or `admin` (403 `forbidden` otherwise, even for a caller who may make the change now); not in the future and not before the model was registered (422 `invalid_argument`). The alias must have existed then (404 `alias_not_found`). The `effective_at` query parameter takes precedence. Absent: the change takes effect now. RFC 3339 timestamp with any offset (fractions finer than a microsecond are truncated), or a bare `YYYY-MM-DD` date meaning midnight UTC; years 1900 to 2099.",
                    "pattern": "^(?:(?:19|20)[0-9]{2}-(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8])|(?:19|20)[0-9]{2}-(?:0[13-9]|1[0-2])-(?:29|30)|(?:19|20)[0-9]{2}-(?:0[13578]|1[02])-31|(?:19(?:0[48]|[2468][048]|[13579][26])|20(?:[02468][048]|[13579][26]))-02-29)(?:[Tt ](?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\\.[0-9]{1,9})?(?:[Zz]|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9]))?$"
                  }
                },
                "if": {
                  "required": [
                    "effective_at"
                  ],
                  "properties": {
                    "effective_at": {
                      "type": "string"
                    }
                  }
                },
                "then": {
                  "required": [
                    "reason"
                  ],
                  "properties": {
                    "reason": {
                      "type": "string",
                      "pattern": "\\S"
                    }
                  }
                }
              },
              "ReviewRequest": {
                "type": "object",
                "properties": {
                  "alias": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "maxLength": 64,
                    "pattern": "^(?!latest$)(?!v[0-9]+$)[a-z][a-z0-9_-]*$",
                    "default": "production",
                    "description": "The alias the review is for: a lowercase letter, then a-z, 0-9, `_` or `-`; at most 64; not `latest` or `v<digits>`."
                  },
                  "decision": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "enum": [
                      "approved",
                      "rejected",
                      null
                    ],
                    "default": "approved"
                  },
                  "notes": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "maxLength": 2000,
                    "default": "",
                    "description": "Why; recorded in the event. With `effective_at` they serve as the correction's reason and must not be empty."
                  },
                  "effective_at": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "description": "A correction: record the change as of this earlier instant (valid time) instead of now. It is decided against the model as it stood then, with everything known now, and takes its place in the history there; later facts stay in force after it. Needs a non-empty `notes` and the `owner` role on the model or `admin` (403 `forbidden` otherwise, even for a caller who may make the change now); not in the future and not before the model was registered (422 `invalid_argument`). The version must have existed then (404 `version_not_found`). Absent: the change takes effect now. RFC 3339 timestamp with any offset (fractions finer than a microsecond are truncated), or a bare `YYYY-MM-DD` date meaning midnight UTC; years 1900 to 2099.",
                    "pattern": "^(?:(?:19|20)[0-9]{2}-(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8])|(?:19|20)[0-9]{2}-(?:0[13-9]|1[0-2])-(?:29|30)|(?:19|20)[0-9]{2}-(?:0[13578]|1[02])-31|(?:19(?:0[48]|[2468][048]|[13579][26])|20(?:[02468][048]|[13579][26]))-02-29)(?:[Tt ](?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\\.[0-9]{1,9})?(?:[Zz]|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9]))?$"
                  }
                }
              },
              "CreatePrincipalRequest": {
                "type": "object",
                "required": [
                  "name"
                ],
                "properties": {
                  "name": {
                    "type": "string",
                    "minLength": 1,
                    "maxLength": 128,
                    "pattern": "^[A-Za-z0-9][A-Za-z0-9._@-]*$",
                    "description": "A letter or digit, then letters, digits, `.`, `_`, `@` or `-`; at most 128 characters."
                  },
                  "kind": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "enum": [
                      "user",
                      "service",
                      null
                    ],
                    "default": "user"
                  },
                  "display_name": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "maxLength": 128,
                    "description": "Defaults to `name`."
                  },
                  "roles": {
                    "type": [
                      "array",
                      "null"
                    ],
                    "items": {
                      "$ref": "#/components/schemas/RegistryRole"
                    },
                    "default": []
                  },
                  "token_expires_at": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "description": "When the first token stops working; must be in the future. Absent: it never expires. RFC 3339 timestamp with any offset (fractions finer than a microsecond are truncated), or a bare `YYYY-MM-DD` date meaning midnight UTC; years 1900 to 2099.",
                    "pattern": "^(?:(?:19|20)[0-9]{2}-(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8])|(?:19|20)[0-9]{2}-(?:0[13-9]|1[0-2])-(?:29|30)|(?:19|20)[0-9]{2}-(?:0[13578]|1[02])-31|(?:19(?:0[48]|[2468][048]|[13579][26])|20(?:[02468][048]|[13579][26]))-02-29)(?:[Tt ](?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\\.[0-9]{1,9})?(?:[Zz]|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9]))?$"
                  }
                }
              },
              "IssueTokenRequest": {
                "type": "object",
                "properties": {
                  "label": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "maxLength": 128,
                    "default": ""
                  },
                  "expires_at": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "description": "When the token stops working; must be in the future. Absent: it never expires. RFC 3339 timestamp with any offset (fractions finer than a microsecond are truncated), or a bare `YYYY-MM-DD` date meaning midnight UTC; years 1900 to 2099.",
                    "pattern": "^(?:(?:19|20)[0-9]{2}-(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8])|(?:19|20)[0-9]{2}-(?:0[13-9]|1[0-2])-(?:29|30)|(?:19|20)[0-9]{2}-(?:0[13578]|1[02])-31|(?:19(?:0[48]|[2468][048]|[13579][26])|20(?:[02468][048]|[13579][26]))-02-29)(?:[Tt ](?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\\.[0-9]{1,9})?(?:[Zz]|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9]))?$"
                  }
                }
              },
              "GrantRequest": {
                "type": "object",
                "required": [
                  "role"
                ],
                "properties": {
                  "role": {
                    "$ref": "#/components/schemas/ModelRole",
                    "description": "The role to grant (an unknown role is 400 `invalid_json`)."
                  },
                  "expires_at": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "description": "When the grant stops working; must be in the future, or with `effective_at` after `effective_at` (it may then be in the past). Absent: it never expires. RFC 3339 timestamp with any offset (fractions finer than a microsecond are truncated), or a bare `YYYY-MM-DD` date meaning midnight UTC; years 1900 to 2099.",
                    "pattern": "^(?:(?:19|20)[0-9]{2}-(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8])|(?:19|20)[0-9]{2}-(?:0[13-9]|1[0-2])-(?:29|30)|(?:19|20)[0-9]{2}-(?:0[13578]|1[02])-31|(?:19(?:0[48]|[2468][048]|[13579][26])|20(?:[02468][048]|[13579][26]))-02-29)(?:[Tt ](?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\\.[0-9]{1,9})?(?:[Zz]|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9]))?$"
                  },
                  "reason": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "maxLength": 2000,
                    "description": "Why; recorded in the event and its metadata. Required (not blank) with `effective_at`."
                  },
                  "effective_at": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "description": "A correction: record the change as of this earlier instant (valid time) instead of now. It is decided against the model as it stood then, with everything known now, and takes its place in the history there; later facts stay in force after it. Needs a non-empty `reason` and the `owner` role on the model or `admin` (403 `forbidden` otherwise, even for a caller who may make the change now); not in the future and not before the model was registered (422 `invalid_argument`). Absent: the change takes effect now. RFC 3339 timestamp with any offset (fractions finer than a microsecond are truncated), or a bare `YYYY-MM-DD` date meaning midnight UTC; years 1900 to 2099.",
                    "pattern": "^(?:(?:19|20)[0-9]{2}-(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8])|(?:19|20)[0-9]{2}-(?:0[13-9]|1[0-2])-(?:29|30)|(?:19|20)[0-9]{2}-(?:0[13578]|1[02])-31|(?:19(?:0[48]|[2468][048]|[13579][26])|20(?:[02468][048]|[13579][26]))-02-29)(?:[Tt ](?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\\.[0-9]{1,9})?(?:[Zz]|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9]))?$"
                  }
                },
                "if": {
                  "required": [
                    "effective_at"
                  ],
                  "properties": {
                    "effective_at": {
                      "type": "string"
                    }
                  }
                },
                "then": {
                  "required": [
                    "reason"
                  ],
                  "properties": {
                    "reason": {
                      "type": "string",
                      "pattern": "\\S"
                    }
                  }
                }
              },
              "ProtectedAliasesRequest": {
                "type": "object",
                "required": [
                  "aliases"
                ],
                "properties": {
                  "aliases": {
                    "type": "array",
                    "items": {
                      "type": "string",
                      "maxLength": 64,
                      "pattern": "^(?!latest$)(?!v[0-9]+$)[a-z][a-z0-9_-]*$"
                    },
                    "description": "The complete new set of protected aliases (it replaces the current one; duplicates are ignored; `[]` protects none). Each a lowercase letter, then a-z, 0-9, `_` or `-`; at most 64; not `latest` or `v<digits>`."
                  },
                  "reason": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "maxLength": 2000,
                    "description": "Why; recorded in the event and its metadata. Required (not blank) with `effective_at`."
                  },
                  "effective_at": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "description": "A correction: record the change as of this earlier instant (valid time) instead of now. It is decided against the model as it stood then, with everything known now, and takes its place in the history there; later facts stay in force after it. Needs a non-empty `reason` and the `owner` role on the model or `admin` (403 `forbidden` otherwise, even for a caller who may make the change now); not in the future and not before the model was registered (422 `invalid_argument`). Absent: the change takes effect now. RFC 3339 timestamp with any offset (fractions finer than a microsecond are truncated), or a bare `YYYY-MM-DD` date meaning midnight UTC; years 1900 to 2099.",
                    "pattern": "^(?:(?:19|20)[0-9]{2}-(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8])|(?:19|20)[0-9]{2}-(?:0[13-9]|1[0-2])-(?:29|30)|(?:19|20)[0-9]{2}-(?:0[13578]|1[02])-31|(?:19(?:0[48]|[2468][048]|[13579][26])|20(?:[02468][048]|[13579][26]))-02-29)(?:[Tt ](?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\\.[0-9]{1,9})?(?:[Zz]|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9]))?$"
                  }
                },
                "if": {
                  "required": [
                    "effective_at"
                  ],
                  "properties": {
                    "effective_at": {
                      "type": "string"
                    }
                  }
                },
                "then": {
                  "required": [
                    "reason"
                  ],
                  "properties": {
                    "reason": {
                      "type": "string",
                      "pattern": "\\S"
                    }
                  }
                }
              },
              "SetEvaluationDatasetRequest": {
                "type": "object",
                "required": [
                  "artifact_sha256",
                  "target"
                ],
                "properties": {
                  "artifact_sha256": {
                    "type": "string",
                    "pattern": "^[0-9a-f]{64}$",
                    "description": "SHA-256 of a CSV artifact already uploaded to `POST /v1/artifacts` (422 `artifact_not_found` otherwise), 64 lowercase hexadecimal characters. The CSV needs a header line and at least one row; its columns are named like the `linear` versions' inputs."
                  },
                  "target": {
                    "type": "string",
                    "minLength": 1,
                    "maxLength": 250,
                    "description": "The column of observed values (422 `invalid_dataset` when the CSV has none of that name)."
                  }
                }
              },
              "SetPromotionGateRequest": {
                "type": "object",
                "required": [
                  "metric"
                ],
                "properties": {
                  "metric": {
                    "type": "string",
                    "minLength": 1,
                    "maxLength": 250,
                    "description": "The metric computed by the registry to check, e.g. `r_squared`, `rmse`, `auc` (see `MetricsComputed`)."
                  },
                  "minimum": {
                    "type": [
                      "number",
                      "null"
                    ],
                    "description": "The lowest value allowed (inclusive); a finite number, not above `maximum`."
                  },
                  "maximum": {
                    "type": [
                      "number",
                      "null"
                    ],
                    "description": "The highest value allowed (inclusive); a finite number."
                  },
                  "reason": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "description": "Why; recorded in the event's metadata."
                  }
                },
                "description": "With neither `minimum` nor `maximum` the gate is removed."
              },
              "EvaluationReport": {
                "type": "object",
                "required": [
                  "model",
                  "evaluation",
                  "computed",
                  "skipped"
                ],
                "properties": {
                  "model": {
                    "type": "string",
                    "description": "The model's name."
                  },
                  "evaluation": {
                    "$ref": "#/components/schemas/EvaluationDataset"
                  },
                  "computed": {
                    "type": "array",
                    "items": {
                      "$ref": "#/components/schemas/MetricsComputed"
                    },
                    "description": "The metrics appended now, one per version evaluated (versions that already had metrics on this dataset are not evaluated again)."
                  },
                  "skipped": {
                    "type": "array",
                    "items": {
                      "$ref": "#/components/schemas/SkippedVersion"
                    },
                    "description": "The `linear` versions the dataset could not evaluate."
                  }
                }
              },
              "SkippedVersion": {
                "type": "object",
                "required": [
                  "version",
                  "reason"
                ],
                "properties": {
                  "version": {
                    "type": "integer",
                    "minimum": 1
                  },
                  "reason": {
                    "type": "string",
                    "description": "Why, e.g. `the evaluation dataset has no column 'x' (an input of version 2)` or `dataset row 7: 'x' is not a number`."
                  }
                }
              },
              "RetractionRequest": {
                "type": "object",
                "required": [
                  "event_id",
                  "reason"
                ],
                "properties": {
                  "event_id": {
                    "type": "string",
                    "format": "uuid",
                    "description": "The `event_id` of the event to withdraw, as the model's history shows it; it must be an event of this model (otherwise 404 `event_not_found`)."
                  },
                  "reason": {
                    "type": "string",
                    "minLength": 1,
                    "maxLength": 2000,
                    "description": "Why; required and not blank (422 `invalid_argument` otherwise). Recorded in the event and its metadata."
                  }
                }
              },
              "ImportRequest": {
                "type": "object",
                "description": "A backfill: the rows of a file of models that lived before the registry (`modelreg import` reads CSV or JSON files into it).",
                "required": [
                  "rows"
                ],
                "properties": {
                  "source": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "default": "request",
                    "description": "Where the rows come from (a file name): recorded in each event's metadata (`backfill_source`, and in its reason) and echoed in the report."
                  },
                  "unit": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "enum": [
                      "line",
                      "entry",
                      null
                    ],
                    "default": "line",
                    "description": "How problems and metadata name rows: `line` (a CSV file's lines) or `entry` (a JSON array's entries); anything else is 400 `invalid_json`."
                  },
                  "dry_run": {
                    "type": [
                      "boolean",
                      "null"
                    ],
                    "default": false,
                    "description": "Run every check and report what would be imported (status `would_import`), writing nothing; answers 200."
                  },
                  "rows": {
                    "type": "array",
                    "items": {
                      "$ref": "#/components/schemas/BackfillRow"
                    },
                    "description": "One per version, in any order; at least one (422 `invalid_backfill` otherwise).",
                    "minItems": 1
                  },
                  "pending_artifacts": {
                    "type": [
                      "object",
                      "null"
                    ],
                    "propertyNames": {
                      "pattern": "^[0-9a-f]{64}$"
                    },
                    "additionalProperties": {
                      "type": "integer",
                      "format": "int64",
                      "minimum": 0,
                      "maximum": 9223372036854775807
                    },
                    "description": "Dry runs only (ignored otherwise): SHA-256 → size in bytes of artifacts not uploaded yet, counted as present for the check. Their bytes are not there to read, so a `linear` one is checked only when it is imported for real."
                  }
                }
              },
              "BackfillRow": {
                "type": "object",
                "description": "One version of a model that lived before the registry: when it went live in `production` and when it was retired, who owned the model and who approved the version.",
                "required": [
                  "line",
                  "model",
                  "artifact_sha256",
                  "format",
                  "live_from",
                  "approver",
                  "owner"
                ],
                "properties": {
                  "line": {
                    "type": "integer",
                    "description": "Where the row is in its source (a CSV line or a JSON entry, per `unit`); problems name the row by it.",
                    "format": "int64",
                    "minimum": -9223372036854775808,
                    "maximum": 9223372036854775807
                  },
                  "model": {
                    "type": "string",
                    "minLength": 1,
                    "maxLength": 128,
                    "pattern": "^[A-Za-z0-9][A-Za-z0-9._-]*$",
                    "description": "The model's name: a letter or digit, then letters, digits, `.`, `_` or `-`; at most 128 characters. Rows with the same name are the versions of one model."
                  },
                  "version": {
                    "type": [
                      "integer",
                      "null"
                    ],
                    "minimum": 1,
                    "description": "Optional check: must equal the row's place among its model's rows ordered by `live_from` (1, 2, 3 …).",
                    "format": "int64",
                    "maximum": 9223372036854775807
                  },
                  "artifact_sha256": {
                    "type": "string",
                    "pattern": "^[0-9a-f]{64}$",
                    "description": "SHA-256 of an artifact already uploaded to `POST /v1/artifacts` (on a dry run, also one named in `pending_artifacts`)."
                  },
                  "format": {
                    "type": "string",
                    "minLength": 1,
                    "maxLength": 64,
                    "pattern": "^[a-z0-9._-]+$",
                    "description": "Artifact format: 1 to 64 characters of a-z, 0-9, `-`, `_` or `.`. A `linear` artifact is read and checked as at registration (it must be a `LinearModelArtifact` without unsupported terms), and the version gets the signature derived from its terms (see `LinearSignature`)."
                  },
                  "live_from": {
                    "type": "string",
                    "description": "When the version went live in `production`: the effective time of its registration, approval and alias move (and of the model's registration for its first version); not in the future. RFC 3339 timestamp with any offset (fractions finer than a microsecond are truncated), or a bare `YYYY-MM-DD` date meaning midnight UTC; years 1900 to 2099.",
                    "pattern": "^(?:(?:19|20)[0-9]{2}-(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8])|(?:19|20)[0-9]{2}-(?:0[13-9]|1[0-2])-(?:29|30)|(?:19|20)[0-9]{2}-(?:0[13578]|1[02])-31|(?:19(?:0[48]|[2468][048]|[13579][26])|20(?:[02468][048]|[13579][26]))-02-29)(?:[Tt ](?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\\.[0-9]{1,9})?(?:[Zz]|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9]))?$"
                  },
                  "retired_at": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "description": "When the version stopped being live, if before the next version went live (`production` is then removed at this instant); after `live_from`, not after the next version's `live_from`, not in the future. Absent: live until the next version, or still live. RFC 3339 timestamp with any offset (fractions finer than a microsecond are truncated), or a bare `YYYY-MM-DD` date meaning midnight UTC; years 1900 to 2099.",
                    "pattern": "^(?:(?:19|20)[0-9]{2}-(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8])|(?:19|20)[0-9]{2}-(?:0[13-9]|1[0-2])-(?:29|30)|(?:19|20)[0-9]{2}-(?:0[13578]|1[02])-31|(?:19(?:0[48]|[2468][048]|[13579][26])|20(?:[02468][048]|[13579][26]))-02-29)(?:[Tt ](?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\\.[0-9]{1,9})?(?:[Zz]|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9]))?$"
                  },
                  "approver": {
                    "type": "string",
                    "description": "The principal that approved the version for `production`; must exist and differ from `owner` (four-eyes)."
                  },
                  "owner": {
                    "type": "string",
                    "description": "The model's owner, who registered the version; must exist and be the same on all of a model's rows."
                  },
                  "description": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "maxLength": 10000,
                    "default": "",
                    "description": "The version's description."
                  },
                  "reason": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "maxLength": 2000,
                    "description": "Why it went live: recorded as the approval's notes and the alias move's reason. Default `live from <live_from> (backfill)`."
                  }
                }
              },
              "ImportReport": {
                "type": "object",
                "description": "What a backfill imported, found already imported, or would import.",
                "required": [
                  "source",
                  "dry_run",
                  "models",
                  "events_appended"
                ],
                "properties": {
                  "source": {
                    "type": "string",
                    "description": "The request's `source` (`request` when it gave none)."
                  },
                  "dry_run": {
                    "type": "boolean",
                    "description": "Whether this was a dry run (nothing written)."
                  },
                  "models": {
                    "type": "array",
                    "items": {
                      "$ref": "#/components/schemas/ImportedModel"
                    },
                    "description": "One per model in the rows, ordered by name."
                  },
                  "events_appended": {
                    "type": "integer",
                    "minimum": 0,
                    "description": "Events appended to the ledger: 0 on a dry run or when every model was already imported."
                  }
                }
              },
              "ImportedModel": {
                "type": "object",
                "description": "One model of a backfill.",
                "required": [
                  "model",
                  "status",
                  "versions",
                  "events"
                ],
                "properties": {
                  "model": {
                    "type": "string",
                    "description": "The model's name."
                  },
                  "status": {
                    "type": "string",
                    "enum": [
                      "imported",
                      "already_imported",
                      "would_import"
                    ],
                    "description": "`imported` (its events were appended now), `already_imported` (the same rows were imported before; nothing appended) or `would_import` (a dry run)."
                  },
                  "versions": {
                    "type": "integer",
                    "minimum": 1,
                    "description": "Versions in the rows."
                  },
                  "events": {
                    "type": "integer",
                    "minimum": 0,
                    "description": "Events appended for the model (on a dry run, that would be; 0 when already imported)."
                  }
                }
              },
              "PredictRequest": {
                "type": "object",
                "description": "Rows to predict for, and which version answers: the one `alias` points at (default `production`), or `version`; with `at` or `known_at`, the one in force for that pair of instants.",
                "required": [
                  "inputs"
                ],
                "properties": {
                  "inputs": {
                    "type": "array",
                    "minItems": 1,
                    "maxItems": 1000,
                    "items": {
                      "type": "object",
                      "additionalProperties": {
                        "type": [
                          "number",
                          "string"
                        ]
                      },
                      "description": "One row: input name → value, exactly the inputs of the version's signature. A numeric input takes a finite number; a categorical one a level, as a string or a number (`4` is the level `4`)."
                    },
                    "description": "1 to 1000 rows (422 `invalid_input` otherwise), each a JSON object (400 `invalid_json` otherwise). The predictions come in the same order. One bad row refuses the whole request with 422 `invalid_input` and nothing is logged; the message names the row and the field, e.g. `inputs[1]: input 'cyl' is missing`: an input missing or `null`, a field that is not an input of the model, a value of the wrong type or not finite, a level the variable does not have."
                  },
                  "alias": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "maxLength": 64,
                    "pattern": "^(?!latest$)(?!v[0-9]+$)[a-z][a-z0-9_-]*$",
                    "default": "production",
                    "description": "Serve the version this alias points at (a lowercase letter, then a-z, 0-9, `_` or `-`; at most 64; not `latest` or `v<digits>`; otherwise 400 `invalid_json`). Not with `version` (422 `invalid_input`)."
                  },
                  "version": {
                    "type": [
                      "integer",
                      "null"
                    ],
                    "description": "Serve this version instead of an alias's. Not with `alias` (422 `invalid_input`).",
                    "format": "int64",
                    "minimum": 1,
                    "maximum": 9223372036854775807
                  },
                  "at": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "description": "\"What would we have predicted\", valid time: evaluate the version in force at this instant (the one `alias` pointed at then, or `version` as it stood then), from the events effective by it; with `known_at` absent (now) this includes corrections recorded later and back-dated to before it. Defaults to now when only `known_at` is given. RFC 3339 timestamp with any offset (fractions finer than a microsecond are truncated), or a bare `YYYY-MM-DD` date meaning midnight UTC; years 1900 to 2099; otherwise 400 `invalid_json`.",
                    "pattern": "^(?:(?:19|20)[0-9]{2}-(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8])|(?:19|20)[0-9]{2}-(?:0[13-9]|1[0-2])-(?:29|30)|(?:19|20)[0-9]{2}-(?:0[13578]|1[02])-31|(?:19(?:0[48]|[2468][048]|[13579][26])|20(?:[02468][048]|[13579][26]))-02-29)(?:[Tt ](?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\\.[0-9]{1,9})?(?:[Zz]|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9]))?$"
                  },
                  "known_at": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "description": "Transaction time for `at`: as the registry knew things at this instant, from the events recorded by it; `at=T` with `known_at=T` evaluates what the registry served at T. Defaults to now when only `at` is given. RFC 3339 timestamp with any offset (fractions finer than a microsecond are truncated), or a bare `YYYY-MM-DD` date meaning midnight UTC; years 1900 to 2099; otherwise 400 `invalid_json`.",
                    "pattern": "^(?:(?:19|20)[0-9]{2}-(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8])|(?:19|20)[0-9]{2}-(?:0[13-9]|1[0-2])-(?:29|30)|(?:19|20)[0-9]{2}-(?:0[13578]|1[02])-31|(?:19(?:0[48]|[2468][048]|[13579][26])|20(?:[02468][048]|[13579][26]))-02-29)(?:[Tt ](?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\\.[0-9]{1,9})?(?:[Zz]|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9]))?$"
                  }
                },
                "not": {
                  "required": [
                    "alias",
                    "version"
                  ],
                  "properties": {
                    "alias": {
                      "type": "string"
                    },
                    "version": {
                      "type": "integer"
                    }
                  }
                }
              },
              "PredictionAnswer": {
                "type": "object",
                "description": "The predictions, after they and the seal of their batch were committed.",
                "required": [
                  "model",
                  "version",
                  "reconstructed",
                  "predictions",
                  "batch_id",
                  "merkle_root",
                  "seal_position"
                ],
                "properties": {
                  "model": {
                    "type": "string",
                    "description": "The model's name."
                  },
                  "version": {
                    "type": "integer",
                    "minimum": 1,
                    "description": "The version that answered."
                  },
                  "alias": {
                    "type": "string",
                    "description": "The alias that chose the version; absent when the request gave `version`."
                  },
                  "reconstructed": {
                    "type": "boolean",
                    "description": "`true` when the request gave `at` or `known_at`: the version in force then answered, and the predictions are logged as reconstructions (`kind` `reconstructed`), not as served."
                  },
                  "as_of": {
                    "$ref": "#/components/schemas/AsOf",
                    "description": "Present only when `reconstructed`: the instants the version was chosen for."
                  },
                  "predictions": {
                    "type": "array",
                    "items": {
                      "$ref": "#/components/schemas/PredictionOutput"
                    },
                    "description": "One per input row, in the same order."
                  },
                  "batch_id": {
                    "type": "string",
                    "format": "uuid",
                    "description": "The prediction-log batch holding all of this request's predictions (with, possibly, those of concurrent requests), lowercase."
                  },
                  "merkle_root": {
                    "type": "string",
                    "pattern": "^[0-9a-f]{64}$",
                    "description": "The batch's RFC 6962 Merkle root over its leaves (see `PredictionLeaf`), as sealed in the ledger; 64 lowercase hexadecimal characters."
                  },
                  "seal_position": {
                    "type": "integer",
                    "format": "int64",
                    "minimum": 1,
                    "description": "The ledger position of the batch's `PredictionBatchSealed` event (stream `predictions`), whose hash chain vouches for the root."
                  }
                }
              },
              "PredictionOutput": {
                "type": "object",
                "description": "One row's prediction.",
                "required": [
                  "prediction_id",
                  "output"
                ],
                "properties": {
                  "prediction_id": {
                    "type": "string",
                    "format": "uuid",
                    "description": "The prediction's id in the prediction log (and in its leaf), lowercase."
                  },
                  "output": {
                    "type": "number",
                    "description": "The response on the model's scale: the inverse link of the linear predictor (for `logit` or `probit` a probability, for `log` e^η, for `identity` η itself)."
                  }
                }
              },
              "PredictionLeaf": {
                "type": "object",
                "description": "What one prediction's Merkle leaf is: the canonical JSON of this object (UTF-8, no whitespace, keys sorted at every level, `/` not escaped, times RFC 3339 in UTC with exactly six fractional digits), kept byte for byte in the prediction log. A batch's root is the RFC 6962 Merkle tree hash over SHA-256 of its leaves in order: leaf hash SHA-256(0x00 ‖ leaf bytes), node hash SHA-256(0x01 ‖ left ‖ right), a tree of n > 1 leaves split at the largest power of two below n.",
                "required": [
                  "prediction_id",
                  "kind",
                  "model_id",
                  "model",
                  "version",
                  "made_at",
                  "caller",
                  "request_id",
                  "inputs",
                  "output"
                ],
                "properties": {
                  "prediction_id": {
                    "type": "string",
                    "format": "uuid",
                    "description": "The prediction's id, lowercase."
                  },
                  "kind": {
                    "type": "string",
                    "enum": [
                      "served",
                      "reconstructed",
                      "reported"
                    ],
                    "description": "`served` (by the version in force now), `reconstructed` (by the version in force at `as_of`), both by `POST /v1/models/{name}/predict`, or `reported` (made elsewhere and recorded by `POST /v1/models/{name}/predictions`)."
                  },
                  "model_id": {
                    "type": "string",
                    "format": "uuid",
                    "description": "The model's stable id, lowercase."
                  },
                  "model": {
                    "type": "string",
                    "description": "The model's name."
                  },
                  "version": {
                    "type": "integer",
                    "minimum": 1,
                    "description": "The version that answered (for `reported`, the version the report names as having made the prediction)."
                  },
                  "alias": {
                    "type": "string",
                    "description": "The alias that chose the version; absent when the request gave `version`, and for `reported`."
                  },
                  "as_of": {
                    "$ref": "#/components/schemas/AsOf",
                    "description": "For `reconstructed`: the instants the version was chosen for. Absent otherwise."
                  },
                  "made_at": {
                    "type": "string",
                    "format": "date-time",
                    "description": "When the outputs were computed, just before the batch was written; for `reported`, the `made_at` the report gave. RFC 3339 timestamp in UTC with exactly six fractional digits, e.g. `2025-03-31T14:02:07.123456Z`."
                  },
                  "caller": {
                    "type": "string",
                    "description": "The principal that asked (for `reported`, the principal that reported it)."
                  },
                  "request_id": {
                    "type": "string",
                    "description": "The request's id (`X-Request-Id`)."
                  },
                  "inputs": {
                    "type": "object",
                    "description": "The input row as sent."
                  },
                  "output": {
                    "$ref": "#/components/schemas/JSONValue",
                    "description": "The output answered for it: a number for `served` and `reconstructed`; for `reported`, the `output` the report gave, any JSON value."
                  },
                  "case_reference": {
                    "type": "string",
                    "minLength": 1,
                    "maxLength": 200,
                    "description": "For `reported`: the reporter's reference for the case (a loan application, a forecast round …), when the report gave one. Absent otherwise."
                  }
                }
              },
              "ReportPredictionsRequest": {
                "type": "object",
                "description": "Predictions made elsewhere, to be recorded in the prediction log.",
                "required": [
                  "predictions"
                ],
                "properties": {
                  "predictions": {
                    "type": "array",
                    "minItems": 1,
                    "maxItems": 10000,
                    "items": {
                      "$ref": "#/components/schemas/ReportedPrediction"
                    },
                    "description": "1 to 10,000 predictions (422 `invalid_input` otherwise), all written in one batch, in this order. Every row is checked before anything is written; one bad row refuses the whole report with 422 `invalid_input` naming it by index, e.g. `predictions[1]: made_at 2031-01-01T00:00:00.000000Z is in the future`, and nothing is written."
                  }
                }
              },
              "ReportedPrediction": {
                "type": "object",
                "description": "One prediction made elsewhere: which version made it, when, on what, with what result. Kept as given: the registry does not evaluate it, whatever the version's format.",
                "required": [
                  "version",
                  "inputs",
                  "output",
                  "made_at"
                ],
                "properties": {
                  "version": {
                    "type": "integer",
                    "description": "The version that made the prediction; the model must have it as it stands now (422 `invalid_input` otherwise).",
                    "format": "int64",
                    "minimum": 1,
                    "maximum": 9223372036854775807
                  },
                  "inputs": {
                    "type": "object",
                    "additionalProperties": {
                      "$ref": "#/components/schemas/JSONValue"
                    },
                    "description": "What the prediction was made on: a JSON object (400 `invalid_json` otherwise) of any values, kept as sent and not checked against the version's signature."
                  },
                  "output": {
                    "$ref": "#/components/schemas/JSONValue",
                    "description": "What the version answered: any JSON value, kept as sent."
                  },
                  "made_at": {
                    "type": "string",
                    "description": "When the prediction was made. RFC 3339 timestamp with any offset (fractions finer than a microsecond are truncated), or a bare `YYYY-MM-DD` date meaning midnight UTC; years 1900 to 2099; otherwise 400 `invalid_json`. Not in the future and not before the version took effect (its `registered_at`: the `effective_at` of its registration, the `live_from` of an imported version); otherwise 422 `invalid_input`.",
                    "pattern": "^(?:(?:19|20)[0-9]{2}-(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8])|(?:19|20)[0-9]{2}-(?:0[13-9]|1[0-2])-(?:29|30)|(?:19|20)[0-9]{2}-(?:0[13578]|1[02])-31|(?:19(?:0[48]|[2468][048]|[13579][26])|20(?:[02468][048]|[13579][26]))-02-29)(?:[Tt ](?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\\.[0-9]{1,9})?(?:[Zz]|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9]))?$"
                  },
                  "case_reference": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "minLength": 1,
                    "maxLength": 200,
                    "description": "The reporter's reference for the case (a loan application, a forecast round …), kept in the prediction's leaf: 1 to 200 characters (422 `invalid_input` otherwise). Absent when not given."
                  }
                }
              },
              "ReportReceipt": {
                "type": "object",
                "description": "The reported predictions, after they and the seal of their batch were committed.",
                "required": [
                  "model",
                  "count",
                  "prediction_ids",
                  "batch_id",
                  "merkle_root",
                  "seal_position"
                ],
                "properties": {
                  "model": {
                    "type": "string",
                    "description": "The model's name."
                  },
                  "count": {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": 10000,
                    "description": "How many predictions were recorded: all the report's rows."
                  },
                  "prediction_ids": {
                    "type": "array",
                    "items": {
                      "type": "string",
                      "format": "uuid"
                    },
                    "description": "The recorded predictions' ids (as in their leaves, lowercase), one per row in the same order; each can be looked up with `GET /v1/enquiries/predictions/{id}`."
                  },
                  "batch_id": {
                    "type": "string",
                    "format": "uuid",
                    "description": "The prediction-log batch holding all of the report's predictions (with, possibly, predictions served concurrently), lowercase."
                  },
                  "merkle_root": {
                    "type": "string",
                    "pattern": "^[0-9a-f]{64}$",
                    "description": "The batch's RFC 6962 Merkle root over its leaves (see `PredictionLeaf`), as sealed in the ledger; 64 lowercase hexadecimal characters."
                  },
                  "seal_position": {
                    "type": "integer",
                    "format": "int64",
                    "minimum": 1,
                    "description": "The ledger position of the batch's `PredictionBatchSealed` event (stream `predictions`), whose hash chain vouches for the root."
                  }
                }
              },
              "UsageReport": {
                "type": "object",
                "description": "How often each version of a model was used, and by whom, in [`from`, `to`) of recorded time.",
                "required": [
                  "model",
                  "from",
                  "to",
                  "items"
                ],
                "properties": {
                  "model": {
                    "type": "string",
                    "description": "The model's name."
                  },
                  "from": {
                    "type": "string",
                    "format": "date-time",
                    "description": "Start of the interval, inclusive. RFC 3339 timestamp in UTC with exactly six fractional digits, e.g. `2025-03-31T14:02:07.123456Z`."
                  },
                  "to": {
                    "type": "string",
                    "format": "date-time",
                    "description": "End of the interval, exclusive. RFC 3339 timestamp in UTC with exactly six fractional digits, e.g. `2025-03-31T14:02:07.123456Z`."
                  },
                  "items": {
                    "type": "array",
                    "items": {
                      "$ref": "#/components/schemas/UsageCount"
                    },
                    "description": "One per version, caller and kind with at least one use in the interval, ordered by version, caller and kind; empty when there was none."
                  }
                }
              },
              "UsageCount": {
                "type": "object",
                "description": "How often one principal used one version in one way.",
                "required": [
                  "version",
                  "caller",
                  "kind",
                  "count"
                ],
                "properties": {
                  "version": {
                    "type": "integer",
                    "minimum": 1,
                    "description": "The version used."
                  },
                  "caller": {
                    "type": "string",
                    "description": "The principal: the prediction's `caller`, or the download's `actor`."
                  },
                  "kind": {
                    "type": "string",
                    "enum": [
                      "download",
                      "reconstructed",
                      "reported",
                      "served"
                    ],
                    "description": "`served`, `reconstructed` or `reported`: predictions in the prediction log of that `kind` (see `PredictionLeaf`), counted by when they were recorded (their batch's seal), not by `made_at`; `download`: `ArtifactDownloaded` events in the ledger, counted by `recorded_at`."
                  },
                  "count": {
                    "type": "integer",
                    "format": "int64",
                    "minimum": 1,
                    "description": "How many."
                  }
                }
              },
              "PredictionEnquiry": {
                "type": "object",
                "description": "Everything behind one logged prediction, in one document that can be read and checked without the registry. `model`, `version`, `approval_in_force`, `caller_grants_in_force` and `caller_is_owner` are as the registry knew them when the prediction was recorded, at the instant it was made (`as_of`); `alias_history` is as known now.",
                "required": [
                  "prediction",
                  "recorded_at",
                  "batch",
                  "seal",
                  "as_of",
                  "model",
                  "version",
                  "alias_history",
                  "approval_in_force",
                  "caller_grants_in_force",
                  "caller_is_owner",
                  "model_name"
                ],
                "properties": {
                  "prediction": {
                    "$ref": "#/components/schemas/PredictionLeaf",
                    "description": "The prediction's leaf as stored byte for byte in the prediction log (the canonical JSON object the batch's Merkle tree hashes; see `PredictionLeaf`): id, kind, model, version, alias, `made_at`, caller, request id, inputs, output and, when set, `as_of` and `case_reference`."
                  },
                  "recorded_at": {
                    "type": "string",
                    "format": "date-time",
                    "description": "When the prediction was recorded: the `recorded_at` of its batch's seal. RFC 3339 timestamp in UTC with exactly six fractional digits, e.g. `2025-03-31T14:02:07.123456Z`."
                  },
                  "batch": {
                    "$ref": "#/components/schemas/PredictionInclusionProof"
                  },
                  "seal": {
                    "$ref": "#/components/schemas/EventView",
                    "description": "The `PredictionBatchSealed` ledger event (stream `predictions`, actor `registry`) that sealed the batch: its `position`, `recorded_at` and `effective_at`, `data` with `batch_id`, `size` and `merkle_root`, and `prev_hash` and `hash`, which tie the root into the ledger's hash chain. Not annotated (no `reason`, `back_dated` …)."
                  },
                  "as_of": {
                    "$ref": "#/components/schemas/AsOf",
                    "description": "The instants the model, version, approval and grants are for: `at` is when the prediction was made (the leaf's `made_at`), `known_at` when it was recorded (`recorded_at`)."
                  },
                  "model": {
                    "$ref": "#/components/schemas/ModelView",
                    "description": "The model as known at `as_of` (carrying the same `as_of`)."
                  },
                  "version": {
                    "$ref": "#/components/schemas/VersionView",
                    "description": "The version that made the prediction, as known at `as_of` (carrying the same `as_of`): its card, signature, metrics, lineage, `artifact_sha256`, aliases and approvals."
                  },
                  "alias_history": {
                    "type": "array",
                    "items": {
                      "$ref": "#/components/schemas/EventView"
                    },
                    "description": "Every `AliasSet` and `AliasRemoved` of the alias the prediction used (the leaf's `alias`, or `production` when it has none: a prediction asked for by `version`, or reported) in the model's stream, in ledger order and annotated as in the model's history (`reason`, `back_dated`, `supersedes`, `retracts`, `retracted_by`), as known now: moves recorded after the prediction and withdrawn ones included."
                  },
                  "approval_in_force": {
                    "anyOf": [
                      {
                        "$ref": "#/components/schemas/ApprovalView"
                      },
                      {
                        "type": "null"
                      }
                    ],
                    "description": "The review that allowed the version under that alias at `as_of`: the latest review of the version for the alias, if it approved and its approver is not the version's registrant (four-eyes); `null` when there is none."
                  },
                  "caller_grants_in_force": {
                    "type": "array",
                    "items": {
                      "$ref": "#/components/schemas/GrantView"
                    },
                    "description": "The grants the prediction's `caller` held on the model at `as_of` (not expired at `made_at`), ordered by principal and role; empty when none (the owner holds `owner` without a grant, see `caller_is_owner`)."
                  },
                  "caller_is_owner": {
                    "type": "boolean",
                    "description": "Whether the prediction's `caller` was the model's owner at `as_of`."
                  },
                  "model_name": {
                    "type": "string",
                    "description": "The model's name."
                  },
                  "re_execution": {
                    "$ref": "#/components/schemas/ReExecution",
                    "description": "Only for a version of format `linear` whose leaf has an object `inputs` and a number `output` (every served or reconstructed prediction; a reported one when it fits): the prediction computed again now from the version's artifact. Absent otherwise."
                  }
                }
              },
              "PredictionInclusionProof": {
                "type": "object",
                "description": "The prediction's batch and the RFC 6962 proof that its leaf is in the batch's Merkle root. To check without the registry: compute `leaf_hash` = SHA-256(0x00 ‖ the canonical JSON of `prediction`, see `PredictionLeaf`), fold `audit_path` into it from `leaf_index` in a tree of `size` leaves as RFC 9162 §2.1.3.2 describes, compare the result with `merkle_root` and with `merkle_root` in `seal.data`, and check `seal.hash` against the ledger's hash chain (`GET /v1/events`).",
                "required": [
                  "batch_id",
                  "size",
                  "leaf_index",
                  "merkle_root",
                  "leaf_hash",
                  "audit_path",
                  "proof_verifies",
                  "proof"
                ],
                "properties": {
                  "batch_id": {
                    "type": "string",
                    "format": "uuid",
                    "description": "The prediction-log batch, lowercase."
                  },
                  "size": {
                    "type": "integer",
                    "minimum": 1,
                    "description": "How many predictions (leaves) the batch holds."
                  },
                  "leaf_index": {
                    "type": "integer",
                    "minimum": 0,
                    "description": "The prediction's place in the batch, from 0."
                  },
                  "merkle_root": {
                    "type": "string",
                    "pattern": "^[0-9a-f]{64}$",
                    "description": "The batch's RFC 6962 Merkle root, as sealed by `seal`; 64 lowercase hexadecimal characters."
                  },
                  "leaf_hash": {
                    "type": "string",
                    "pattern": "^[0-9a-f]{64}$",
                    "description": "SHA-256(0x00 ‖ the stored leaf bytes): the prediction's RFC 6962 leaf hash; 64 lowercase hexadecimal characters."
                  },
                  "audit_path": {
                    "type": "array",
                    "items": {
                      "type": "string",
                      "pattern": "^[0-9a-f]{64}$"
                    },
                    "description": "The leaf's RFC 6962 audit path: the sibling hashes from the leaf up to the root, lowercase hexadecimal; empty when the batch holds only this prediction."
                  },
                  "proof_verifies": {
                    "type": "boolean",
                    "description": "Whether folding `audit_path` from `leaf_hash` gave `merkle_root` when the registry answered; `false` means the log or its seal no longer agree."
                  },
                  "proof": {
                    "type": "string",
                    "description": "How to verify, in words: `RFC 6962: leaf_hash = SHA-256(0x00 ‖ prediction as canonical JSON); fold audit_path per RFC 9162 §2.1.3.2 to merkle_root`."
                  }
                }
              },
              "ReExecution": {
                "type": "object",
                "description": "A `linear` prediction computed again from the version's artifact, to show the logged output can be reproduced. A reported prediction whose `inputs` the version cannot evaluate (they were never checked against its signature) gets `reproduced: false` and `error` instead of `output_now`.",
                "required": [
                  "output_logged",
                  "reproduced"
                ],
                "properties": {
                  "output_logged": {
                    "description": "The leaf's `output` (a number for served predictions; as reported otherwise)."
                  },
                  "error": {
                    "type": "string",
                    "description": "Why the inputs could not be evaluated, e.g. `input 'cyl' is missing`."
                  },
                  "output_now": {
                    "type": "number",
                    "description": "The leaf's `inputs` evaluated now by the version's artifact."
                  },
                  "reproduced": {
                    "type": "boolean",
                    "description": "Whether the two agree: equal, or |`output_now` − `output_logged`| ≤ 1e-12 · max(1, |`output_logged`|)."
                  }
                }
              },
              "ModelEnquiry": {
                "type": "object",
                "description": "A model's complete state for a pair of instants, in one document that can be read without the registry.",
                "required": [
                  "as_of",
                  "model",
                  "versions",
                  "grants"
                ],
                "properties": {
                  "as_of": {
                    "$ref": "#/components/schemas/AsOf",
                    "description": "The instants this state is for (both now when the request gave neither)."
                  },
                  "model": {
                    "$ref": "#/components/schemas/ModelView",
                    "description": "The model: description, tags, owner, aliases and protected aliases, carrying the same `as_of`."
                  },
                  "versions": {
                    "type": "array",
                    "items": {
                      "$ref": "#/components/schemas/VersionView"
                    },
                    "description": "Every version registered then, in version order, each carrying the same `as_of`: card, signature, metrics, lineage, artifact digest, aliases and approvals."
                  },
                  "grants": {
                    "type": "array",
                    "items": {
                      "$ref": "#/components/schemas/GrantView"
                    },
                    "description": "The grants held at `at` as known at `known_at`, without those expired by `at`, ordered by principal and role. The model's owner holds `owner` without a grant and is not listed unless granted explicitly."
                  }
                }
              },
              "Checkpoint": {
                "type": "object",
                "description": "A signed tree head (docs/VERIFYING.md §3): the size and RFC 6962 Merkle root of the ledger's first `tree_size` events, signed with the registry's Ed25519 key (RFC 8032). The signature covers the UTF-8 bytes of the four lines `modelreg-checkpoint/v1`, `tree_size` in decimal, `root_hash` and `recorded_at`, each ending in a line feed. Published outside the database (`modelreg checkpoint --out`), a head pins the ledger's first `tree_size` events: a later rewrite, however consistent its hash chain, no longer gives this root.",
                "required": [
                  "tree_size",
                  "root_hash",
                  "recorded_at",
                  "key_id",
                  "public_key",
                  "signature"
                ],
                "properties": {
                  "tree_size": {
                    "type": "integer",
                    "format": "int64",
                    "minimum": 1,
                    "description": "How many ledger events the tree covers: positions 1 … `tree_size`."
                  },
                  "root_hash": {
                    "type": "string",
                    "pattern": "^[0-9a-f]{64}$",
                    "description": "The RFC 6962 Merkle root of the tree whose leaf *i* is the `hash` of ledger position *i* + 1; 64 lowercase hexadecimal characters."
                  },
                  "recorded_at": {
                    "type": "string",
                    "format": "date-time",
                    "description": "When the head was signed: exactly the text that was signed. RFC 3339 timestamp in UTC with exactly six fractional digits, e.g. `2025-03-31T14:02:07.123456Z`."
                  },
                  "key_id": {
                    "type": "string",
                    "pattern": "^[0-9a-f]{16}$",
                    "description": "The first 16 hexadecimal digits of SHA-256 of the raw public key."
                  },
                  "public_key": {
                    "type": "string",
                    "contentEncoding": "base64",
                    "description": "Base64 of the raw 32-byte Ed25519 public key. Pin it out of band: a head verifies against the key it names, which proves only that it is internally consistent, not who signed it."
                  },
                  "signature": {
                    "type": "string",
                    "contentEncoding": "base64",
                    "description": "Base64 of the 64-byte Ed25519 signature."
                  }
                }
              },
              "CheckpointPage": {
                "type": "object",
                "required": [
                  "items"
                ],
                "properties": {
                  "items": {
                    "type": "array",
                    "items": {
                      "$ref": "#/components/schemas/Checkpoint"
                    },
                    "description": "Signed heads in order of `tree_size`."
                  },
                  "next": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "description": "Cursor for the next page: the `tree_size` of its first head, as a string; pass as `from`. Absent on the last page."
                  }
                }
              },
              "LedgerInclusionProof": {
                "type": "object",
                "description": "The RFC 6962 proof that the event at `position` is leaf `leaf_index` of the ledger's tree of `tree_size` events. To check without the registry: leaf hash = SHA-256(0x00 ‖ the 32 bytes of `event_hash`), fold `audit_path` into it as RFC 9162 §2.1.3.2 describes, compare with `root_hash`, and check `checkpoint`'s signature and that its `root_hash` is the same.",
                "required": [
                  "position",
                  "leaf_index",
                  "tree_size",
                  "event_hash",
                  "root_hash",
                  "audit_path"
                ],
                "properties": {
                  "position": {
                    "type": "integer",
                    "format": "int64",
                    "minimum": 1,
                    "description": "The ledger position proved."
                  },
                  "leaf_index": {
                    "type": "integer",
                    "format": "int64",
                    "minimum": 0,
                    "description": "Its leaf in the tree: `position` − 1."
                  },
                  "tree_size": {
                    "type": "integer",
                    "format": "int64",
                    "minimum": 1,
                    "description": "The size of the tree the proof is in."
                  },
                  "event_hash": {
                    "type": "string",
                    "pattern": "^[0-9a-f]{64}$",
                    "description": "The event's `hash` as stored, lowercase hexadecimal."
                  },
                  "root_hash": {
                    "type": "string",
                    "pattern": "^[0-9a-f]{64}$",
                    "description": "The root of the tree of `tree_size` events as the ledger holds them now, lowercase hexadecimal."
                  },
                  "audit_path": {
                    "type": "array",
                    "items": {
                      "type": "string",
                      "pattern": "^[0-9a-f]{64}$"
                    },
                    "description": "The sibling hashes from the leaf up to the root, lowercase hexadecimal; empty for a tree of one event."
                  },
                  "checkpoint": {
                    "anyOf": [
                      {
                        "$ref": "#/components/schemas/Checkpoint"
                      },
                      {
                        "type": "null"
                      }
                    ],
                    "description": "The signed head of exactly `tree_size` events; absent when none was signed of that size (possible only when `tree_size` was given)."
                  }
                }
              },
              "ConsistencyProof": {
                "type": "object",
                "description": "The RFC 6962 proof that the ledger's tree of `to` events extends its tree of `from` events: nothing in the first `from` events was changed, removed or reordered. Verify as RFC 9162 §2.1.4.2 describes, from `from_root` to `to_root`.",
                "required": [
                  "from",
                  "to",
                  "from_root",
                  "to_root",
                  "proof"
                ],
                "properties": {
                  "from": {
                    "type": "integer",
                    "format": "int64",
                    "minimum": 1,
                    "description": "The earlier tree size."
                  },
                  "to": {
                    "type": "integer",
                    "format": "int64",
                    "minimum": 1,
                    "description": "The later tree size."
                  },
                  "from_root": {
                    "type": "string",
                    "pattern": "^[0-9a-f]{64}$",
                    "description": "The root of the first `from` events as the ledger holds them now."
                  },
                  "to_root": {
                    "type": "string",
                    "pattern": "^[0-9a-f]{64}$",
                    "description": "The root of the first `to` events as the ledger holds them now."
                  },
                  "proof": {
                    "type": "array",
                    "items": {
                      "type": "string",
                      "pattern": "^[0-9a-f]{64}$"
                    },
                    "description": "The consistency proof's hashes, lowercase hexadecimal; empty when `from` = `to`."
                  },
                  "from_checkpoint": {
                    "anyOf": [
                      {
                        "$ref": "#/components/schemas/Checkpoint"
                      },
                      {
                        "type": "null"
                      }
                    ],
                    "description": "The signed head of exactly `from` events; absent when none was signed of that size."
                  },
                  "to_checkpoint": {
                    "anyOf": [
                      {
                        "$ref": "#/components/schemas/Checkpoint"
                      },
                      {
                        "type": "null"
                      }
                    ],
                    "description": "The signed head of exactly `to` events; absent when none was signed of that size."
                  }
                }
              },
              "LedgerVerification": {
                "type": "object",
                "description": "The ledger lane: every event's hash recomputed and linked to its predecessor in position order, and every stored signed head compared with the root of the ledger's first `tree_size` events. Stops at the first problem.",
                "required": [
                  "ok",
                  "checked",
                  "last_position",
                  "head_hash",
                  "checkpoints_checked"
                ],
                "properties": {
                  "ok": {
                    "type": "boolean",
                    "description": "Whether the chain and every signed head agree with the ledger."
                  },
                  "checked": {
                    "type": "integer",
                    "format": "int64",
                    "minimum": 0,
                    "description": "Events checked."
                  },
                  "first_position": {
                    "type": [
                      "integer",
                      "null"
                    ],
                    "format": "int64",
                    "description": "The first position checked; absent for an empty ledger."
                  },
                  "last_position": {
                    "type": "integer",
                    "format": "int64",
                    "minimum": 0,
                    "description": "The last position checked (0 for an empty ledger)."
                  },
                  "head_hash": {
                    "type": "string",
                    "pattern": "^[0-9a-f]*$",
                    "description": "The `hash` of the last event checked, lowercase hexadecimal."
                  },
                  "checkpoints_checked": {
                    "type": "integer",
                    "minimum": 0,
                    "description": "Signed heads compared with the ledger."
                  },
                  "bad_position": {
                    "type": [
                      "integer",
                      "null"
                    ],
                    "format": "int64",
                    "description": "The position of the first problem; absent when `ok`."
                  },
                  "problem": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "enum": [
                      "missing_position",
                      "broken_link",
                      "altered_event",
                      "time_went_backwards",
                      "head_mismatch",
                      "reordered",
                      "checkpoint_mismatch",
                      null
                    ],
                    "description": "`missing_position` (a gap: an event was deleted; also when the ledger's head record is beyond the last event), `broken_link` (`prev_hash` is not the previous event's `hash`), `altered_event` (the recomputed hash is not the stored one), `time_went_backwards` (`recorded_at` earlier than the previous event's), `head_mismatch` (the ledger's head record disagrees with its last event), `reordered` (two events swapped) or `checkpoint_mismatch` (a signed head's signature does not verify, its root is not the root of the ledger's first `tree_size` events — a rewrite — or it covers more events than the ledger holds); absent when `ok`."
                  },
                  "detail": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "description": "The problem in words; absent when `ok`."
                  }
                }
              },
              "PredictionsVerification": {
                "type": "object",
                "description": "The prediction lane: for every `PredictionBatchSealed` event in the ledger, its batch exists, agrees with the seal about its id, size and Merkle root, holds leaves 0 … size − 1, and the leaves give the sealed root. Stops at the first problem.",
                "required": [
                  "ok",
                  "batches",
                  "predictions",
                  "batch_id",
                  "seal_position",
                  "leaf_index",
                  "problem",
                  "detail"
                ],
                "properties": {
                  "ok": {
                    "type": "boolean"
                  },
                  "batches": {
                    "type": "integer",
                    "minimum": 0,
                    "description": "Batches verified."
                  },
                  "predictions": {
                    "type": "integer",
                    "minimum": 0,
                    "description": "Predictions in the batches verified."
                  },
                  "batch_id": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "format": "uuid",
                    "description": "The batch with the problem, lowercase; `null` when `ok`."
                  },
                  "seal_position": {
                    "type": [
                      "integer",
                      "null"
                    ],
                    "format": "int64",
                    "description": "The ledger position of that batch's seal; `null` when `ok`."
                  },
                  "leaf_index": {
                    "type": [
                      "integer",
                      "null"
                    ],
                    "description": "The missing leaf, for `missing_prediction`; otherwise `null`."
                  },
                  "problem": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "enum": [
                      "missing_batch",
                      "seal_mismatch",
                      "missing_prediction",
                      "root_mismatch",
                      null
                    ],
                    "description": "`missing_batch` (a seal without its batch), `seal_mismatch` (the seal is unreadable or disagrees with the batch about its id, size or root), `missing_prediction` (a leaf index absent or repeated, or fewer leaves than the seal says) or `root_mismatch` (the leaves do not give the sealed root: one was altered or two were swapped); `null` when `ok`."
                  },
                  "detail": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "description": "The problem in words; `null` when `ok`."
                  }
                }
              },
              "VerificationReport": {
                "type": "object",
                "description": "Both lanes verified in the database, as `modelreg verify` does.",
                "required": [
                  "ok",
                  "ledger",
                  "predictions"
                ],
                "properties": {
                  "ok": {
                    "type": "boolean",
                    "description": "`ledger.ok` and `predictions.ok`."
                  },
                  "ledger": {
                    "$ref": "#/components/schemas/LedgerVerification"
                  },
                  "predictions": {
                    "$ref": "#/components/schemas/PredictionsVerification"
                  }
                }
              },
              "InventoryRow": {
                "type": "object",
                "description": "One model as the inventory lists it, for the pair of instants in the inventory's `as_of`; as elsewhere in the API, a field without a value is absent. In CSV, the same columns in this order, one row per model: a field without a value is empty, and objects and lists are written as compact JSON text.",
                "required": [
                  "model",
                  "model_id",
                  "owner",
                  "description",
                  "tags",
                  "registered_at",
                  "registered_by",
                  "aliases",
                  "access",
                  "last_change_at",
                  "last_change",
                  "predictions_90d"
                ],
                "properties": {
                  "model": {
                    "type": "string",
                    "description": "The model's name."
                  },
                  "model_id": {
                    "type": "string",
                    "format": "uuid",
                    "description": "The model's stable id, lowercase."
                  },
                  "owner": {
                    "type": "string",
                    "description": "The principal that owns the model."
                  },
                  "description": {
                    "type": "string",
                    "description": "The model's description."
                  },
                  "purpose": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "description": "The purpose, from the model card (field of the same name) of the version in `production`, or of the latest version when no version is in `production`; absent when the card does not have it."
                  },
                  "intended_use": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "description": "The intended use, from the model card (field of the same name) of the version in `production`, or of the latest version when no version is in `production`; absent when the card does not have it."
                  },
                  "limitations": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "description": "Known limitations, from the model card (field of the same name) of the version in `production`, or of the latest version when no version is in `production`; absent when the card does not have it."
                  },
                  "risk_tier": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "description": "The risk tier, from the model card (field of the same name) of the version in `production`, or of the latest version when no version is in `production`; absent when the card does not have it."
                  },
                  "tags": {
                    "$ref": "#/components/schemas/Tags"
                  },
                  "registered_at": {
                    "type": "string",
                    "format": "date-time",
                    "description": "When the model was registered (valid time). RFC 3339 timestamp in UTC with exactly six fractional digits, e.g. `2025-03-31T14:02:07.123456Z`."
                  },
                  "registered_by": {
                    "type": "string",
                    "description": "The principal that registered the model."
                  },
                  "latest_version": {
                    "type": [
                      "integer",
                      "null"
                    ],
                    "minimum": 1,
                    "description": "The highest version number; absent while the model has no versions."
                  },
                  "aliases": {
                    "type": "object",
                    "description": "Alias name → the version it points at and since when.",
                    "additionalProperties": {
                      "type": "object",
                      "required": [
                        "version",
                        "since"
                      ],
                      "properties": {
                        "version": {
                          "type": "integer",
                          "minimum": 1
                        },
                        "since": {
                          "type": "string",
                          "format": "date-time",
                          "description": "When the alias was set to this version (valid time). RFC 3339 timestamp in UTC with exactly six fractional digits, e.g. `2025-03-31T14:02:07.123456Z`."
                        }
                      }
                    }
                  },
                  "production_version": {
                    "type": [
                      "integer",
                      "null"
                    ],
                    "minimum": 1,
                    "description": "The version `production` points at; absent when none."
                  },
                  "production_since": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "format": "date-time",
                    "description": "Since when `production` points at it; absent when none. RFC 3339 timestamp in UTC with exactly six fractional digits, e.g. `2025-03-31T14:02:07.123456Z`."
                  },
                  "artifact_sha256": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "pattern": "^[0-9a-f]{64}$",
                    "description": "SHA-256 of the artifact of the version in `production`; absent when no version is in `production`."
                  },
                  "format": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "description": "Artifact format of the version in `production`; absent when no version is in `production`."
                  },
                  "registrant": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "description": "The principal that registered the version in `production`; absent when none."
                  },
                  "approved_by": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "description": "The approver of the approval in force for the version in `production` (the latest review of it for `production`, if it approved); absent when none."
                  },
                  "approved_at": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "format": "date-time",
                    "description": "When that approval took effect; absent when none. RFC 3339 timestamp in UTC with exactly six fractional digits, e.g. `2025-03-31T14:02:07.123456Z`."
                  },
                  "approval_notes": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "description": "That approval's notes; absent when none."
                  },
                  "metrics": {
                    "type": [
                      "object",
                      "null"
                    ],
                    "additionalProperties": {
                      "type": "number"
                    },
                    "description": "Metric name → value, as claimed by the registrant of the version in `production`; absent when none."
                  },
                  "computed_metrics": {
                    "anyOf": [
                      {
                        "$ref": "#/components/schemas/MetricsComputed"
                      },
                      {
                        "type": "null"
                      }
                    ],
                    "description": "The metrics the registry computed itself for the version in `production` on the model's evaluation dataset (distinct from the claimed `metrics`); absent when it has none."
                  },
                  "access": {
                    "type": "array",
                    "description": "Every grant in force on the model, by principal and role.",
                    "items": {
                      "type": "object",
                      "required": [
                        "principal",
                        "role"
                      ],
                      "properties": {
                        "principal": {
                          "type": "string"
                        },
                        "role": {
                          "$ref": "#/components/schemas/ModelRole"
                        },
                        "expires_at": {
                          "type": [
                            "string",
                            "null"
                          ],
                          "format": "date-time",
                          "description": "When the grant stops working; absent when it does not expire. RFC 3339 timestamp in UTC with exactly six fractional digits, e.g. `2025-03-31T14:02:07.123456Z`."
                        }
                      }
                    }
                  },
                  "last_change_at": {
                    "type": "string",
                    "format": "date-time",
                    "description": "When the model's last event took effect. RFC 3339 timestamp in UTC with exactly six fractional digits, e.g. `2025-03-31T14:02:07.123456Z`."
                  },
                  "last_change": {
                    "type": "string",
                    "description": "The type of the model's last event, e.g. `AliasSet`."
                  },
                  "predictions_90d": {
                    "type": "integer",
                    "format": "int64",
                    "minimum": 0,
                    "description": "Predictions of any version of the model logged in the 90 days up to `at`."
                  }
                }
              },
              "Inventory": {
                "type": "object",
                "description": "The model inventory for a pair of instants.",
                "required": [
                  "as_of",
                  "items"
                ],
                "properties": {
                  "as_of": {
                    "$ref": "#/components/schemas/AsOf",
                    "description": "The instants the inventory is for (both default to now)."
                  },
                  "items": {
                    "type": "array",
                    "items": {
                      "$ref": "#/components/schemas/InventoryRow"
                    },
                    "description": "One row per model that existed then, ordered by model name."
                  }
                }
              },
              "ReportGrant": {
                "type": "object",
                "description": "A grant or revocation of a role on a model.",
                "required": [
                  "model",
                  "principal",
                  "role",
                  "at",
                  "actor"
                ],
                "properties": {
                  "model": {
                    "type": "string",
                    "description": "The model's name."
                  },
                  "principal": {
                    "type": "string",
                    "description": "The principal the role was granted to or revoked from."
                  },
                  "role": {
                    "$ref": "#/components/schemas/ModelRole"
                  },
                  "at": {
                    "type": "string",
                    "format": "date-time",
                    "description": "When it took effect. RFC 3339 timestamp in UTC with exactly six fractional digits, e.g. `2025-03-31T14:02:07.123456Z`."
                  },
                  "actor": {
                    "type": "string",
                    "description": "The principal that did it."
                  }
                }
              },
              "ReportUsage": {
                "type": "object",
                "description": "How often one principal used one version in the period.",
                "required": [
                  "model",
                  "version",
                  "caller",
                  "count"
                ],
                "properties": {
                  "model": {
                    "type": "string",
                    "description": "The model's name."
                  },
                  "version": {
                    "type": "integer",
                    "minimum": 1
                  },
                  "caller": {
                    "type": "string"
                  },
                  "count": {
                    "type": "integer",
                    "format": "int64",
                    "minimum": 1
                  }
                }
              },
              "PeriodReport": {
                "type": "object",
                "description": "What happened in the registry in [`from`, `to`): registrations, promotions, approvals, access changes and use, across every model.",
                "required": [
                  "from",
                  "to",
                  "models_registered",
                  "versions_registered",
                  "promotions",
                  "approvals",
                  "grants",
                  "revocations",
                  "predictions",
                  "downloads"
                ],
                "properties": {
                  "from": {
                    "type": "string",
                    "format": "date-time",
                    "description": "Start of the period, inclusive. RFC 3339 timestamp in UTC with exactly six fractional digits, e.g. `2025-03-31T14:02:07.123456Z`."
                  },
                  "to": {
                    "type": "string",
                    "format": "date-time",
                    "description": "End of the period, exclusive. RFC 3339 timestamp in UTC with exactly six fractional digits, e.g. `2025-03-31T14:02:07.123456Z`."
                  },
                  "models_registered": {
                    "type": "array",
                    "items": {
                      "type": "object",
                      "description": "A model registered.",
                      "required": [
                        "model",
                        "at",
                        "actor"
                      ],
                      "properties": {
                        "model": {
                          "type": "string",
                          "description": "The model's name."
                        },
                        "at": {
                          "type": "string",
                          "format": "date-time",
                          "description": "When it took effect. RFC 3339 timestamp in UTC with exactly six fractional digits, e.g. `2025-03-31T14:02:07.123456Z`."
                        },
                        "actor": {
                          "type": "string",
                          "description": "The principal that did it."
                        }
                      }
                    }
                  },
                  "versions_registered": {
                    "type": "array",
                    "items": {
                      "type": "object",
                      "description": "A version registered.",
                      "required": [
                        "model",
                        "version",
                        "at",
                        "actor"
                      ],
                      "properties": {
                        "model": {
                          "type": "string",
                          "description": "The model's name."
                        },
                        "version": {
                          "type": "integer",
                          "minimum": 1
                        },
                        "at": {
                          "type": "string",
                          "format": "date-time",
                          "description": "When it took effect. RFC 3339 timestamp in UTC with exactly six fractional digits, e.g. `2025-03-31T14:02:07.123456Z`."
                        },
                        "actor": {
                          "type": "string",
                          "description": "The principal that did it."
                        }
                      }
                    }
                  },
                  "promotions": {
                    "type": "array",
                    "items": {
                      "type": "object",
                      "description": "An alias set to a version.",
                      "required": [
                        "model",
                        "alias",
                        "version",
                        "at",
                        "actor"
                      ],
                      "properties": {
                        "model": {
                          "type": "string",
                          "description": "The model's name."
                        },
                        "alias": {
                          "type": "string"
                        },
                        "version": {
                          "type": "integer",
                          "minimum": 1
                        },
                        "at": {
                          "type": "string",
                          "format": "date-time",
                          "description": "When it took effect. RFC 3339 timestamp in UTC with exactly six fractional digits, e.g. `2025-03-31T14:02:07.123456Z`."
                        },
                        "actor": {
                          "type": "string",
                          "description": "The principal that did it."
                        }
                      }
                    }
                  },
                  "approvals": {
                    "type": "array",
                    "items": {
                      "type": "object",
                      "description": "A four-eyes review.",
                      "required": [
                        "model",
                        "version",
                        "alias",
                        "decision",
                        "at",
                        "actor"
                      ],
                      "properties": {
                        "model": {
                          "type": "string",
                          "description": "The model's name."
                        },
                        "version": {
                          "type": "integer",
                          "minimum": 1
                        },
                        "alias": {
                          "type": "string"
                        },
                        "decision": {
                          "$ref": "#/components/schemas/Decision"
                        },
                        "at": {
                          "type": "string",
                          "format": "date-time",
                          "description": "When it took effect. RFC 3339 timestamp in UTC with exactly six fractional digits, e.g. `2025-03-31T14:02:07.123456Z`."
                        },
                        "actor": {
                          "type": "string",
                          "description": "The reviewing principal."
                        }
                      }
                    }
                  },
                  "grants": {
                    "type": "array",
                    "items": {
                      "$ref": "#/components/schemas/ReportGrant"
                    },
                    "description": "Roles granted."
                  },
                  "revocations": {
                    "type": "array",
                    "items": {
                      "$ref": "#/components/schemas/ReportGrant"
                    },
                    "description": "Roles revoked."
                  },
                  "predictions": {
                    "type": "array",
                    "items": {
                      "$ref": "#/components/schemas/ReportUsage"
                    },
                    "description": "Predictions logged in the period, by model, version and caller."
                  },
                  "downloads": {
                    "type": "array",
                    "items": {
                      "$ref": "#/components/schemas/ReportUsage"
                    },
                    "description": "Artifact downloads in the period, by model, version and caller."
                  }
                }
              }
            },
            "parameters": {
              "ModelName": {
                "name": "name",
                "in": "path",
                "required": true,
                "description": "The model's name.",
                "schema": {
                  "type": "string",
                  "maxLength": 128
                }
              },
              "VersionNumber": {
                "name": "version",
                "in": "path",
                "required": true,
                "description": "Version number (a positive integer; otherwise 400 `invalid_parameter`).",
                "schema": {
                  "type": "integer",
                  "minimum": 1,
                  "maximum": 9223372036854775807
                }
              },
              "AliasName": {
                "name": "alias",
                "in": "path",
                "required": true,
                "description": "Alias name, e.g. `production`.",
                "schema": {
                  "type": "string",
                  "maxLength": 64,
                  "pattern": "^(?!latest$)(?!v[0-9]+$)[a-z][a-z0-9_-]*$"
                }
              },
              "ArtifactSHA256": {
                "name": "sha256",
                "in": "path",
                "required": true,
                "description": "The artifact's SHA-256, 64 lowercase hexadecimal characters.",
                "schema": {
                  "type": "string",
                  "pattern": "^[0-9a-f]{64}$"
                }
              },
              "PrincipalName": {
                "name": "principal",
                "in": "path",
                "required": true,
                "description": "The principal's name.",
                "schema": {
                  "type": "string",
                  "maxLength": 128
                }
              },
              "ModelRolePath": {
                "name": "role",
                "in": "path",
                "required": true,
                "description": "The role to revoke (otherwise 400 `invalid_parameter`).",
                "schema": {
                  "$ref": "#/components/schemas/ModelRole"
                }
              },
              "TokenId": {
                "name": "token",
                "in": "path",
                "required": true,
                "description": "The token's public id (`token_id`).",
                "schema": {
                  "type": "string"
                }
              },
              "PredictionId": {
                "name": "id",
                "in": "path",
                "required": true,
                "description": "The prediction's id (`prediction_id`), a UUID in either case; otherwise 400 `invalid_parameter`.",
                "schema": {
                  "type": "string",
                  "format": "uuid"
                }
              },
              "Limit": {
                "name": "limit",
                "in": "query",
                "required": false,
                "description": "Page size: an integer from 1 to 1000 (otherwise 400 `invalid_parameter`).",
                "schema": {
                  "type": "integer",
                  "minimum": 1,
                  "maximum": 1000,
                  "default": 100
                }
              },
              "AfterName": {
                "name": "after",
                "in": "query",
                "required": false,
                "description": "Cursor: list models whose name sorts after this one (the previous page's `next`).",
                "schema": {
                  "type": "string"
                }
              },
              "AfterVersion": {
                "name": "after",
                "in": "query",
                "required": false,
                "description": "Cursor: list versions numbered after this one (the previous page's `next`). A non-negative integer (otherwise 400 `invalid_parameter`).",
                "schema": {
                  "type": "integer",
                  "format": "int64",
                  "minimum": 0,
                  "default": 0,
                  "maximum": 9223372036854775807
                }
              },
              "AfterStreamVersion": {
                "name": "after",
                "in": "query",
                "required": false,
                "description": "Cursor: events of the model after this `stream_version` (the previous page's `next`). A non-negative integer (otherwise 400 `invalid_parameter`).",
                "schema": {
                  "type": "integer",
                  "format": "int64",
                  "minimum": 0,
                  "default": 0,
                  "maximum": 9223372036854775807
                }
              },
              "AfterPosition": {
                "name": "after",
                "in": "query",
                "required": false,
                "description": "Cursor: ledger events after this `position` (the previous page's `next`). A non-negative integer (otherwise 400 `invalid_parameter`).",
                "schema": {
                  "type": "integer",
                  "format": "int64",
                  "minimum": 0,
                  "default": 0,
                  "maximum": 9223372036854775807
                }
              },
              "NameContains": {
                "name": "q",
                "in": "query",
                "required": false,
                "description": "Only models whose name contains this text (case-insensitive).",
                "schema": {
                  "type": "string"
                }
              },
              "At": {
                "name": "at",
                "in": "query",
                "required": false,
                "description": "Time travel, valid time: answer as things were at this instant, from the events effective by it. With `known_at` absent (now) this includes corrections recorded later and back-dated to before it. RFC 3339 timestamp with any offset (fractions finer than a microsecond are truncated), or a bare `YYYY-MM-DD` date meaning midnight UTC; years 1900 to 2099. Defaults to now when only `known_at` is given; otherwise 400 `invalid_parameter`.",
                "schema": {
                  "type": "string",
                  "pattern": "^(?:(?:19|20)[0-9]{2}-(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8])|(?:19|20)[0-9]{2}-(?:0[13-9]|1[0-2])-(?:29|30)|(?:19|20)[0-9]{2}-(?:0[13578]|1[02])-31|(?:19(?:0[48]|[2468][048]|[13579][26])|20(?:[02468][048]|[13579][26]))-02-29)(?:[Tt](?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\\.[0-9]{1,9})?(?:[Zz]|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9]))?$"
                }
              },
              "KnownAt": {
                "name": "known_at",
                "in": "query",
                "required": false,
                "description": "Time travel, transaction time: answer as the registry knew things at this instant, from the events recorded by it (a correction or retraction recorded later does not count); `at=T&known_at=T` is what the registry said at T. RFC 3339 timestamp with any offset (fractions finer than a microsecond are truncated), or a bare `YYYY-MM-DD` date meaning midnight UTC; years 1900 to 2099. Defaults to now when only `at` is given; otherwise 400 `invalid_parameter`.",
                "schema": {
                  "type": "string",
                  "pattern": "^(?:(?:19|20)[0-9]{2}-(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8])|(?:19|20)[0-9]{2}-(?:0[13-9]|1[0-2])-(?:29|30)|(?:19|20)[0-9]{2}-(?:0[13578]|1[02])-31|(?:19(?:0[48]|[2468][048]|[13579][26])|20(?:[02468][048]|[13579][26]))-02-29)(?:[Tt](?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\\.[0-9]{1,9})?(?:[Zz]|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9]))?$"
                }
              },
              "UsageFrom": {
                "name": "from",
                "in": "query",
                "required": false,
                "description": "Start of the interval counted, inclusive, in recorded time. RFC 3339 timestamp with any offset (fractions finer than a microsecond are truncated), or a bare `YYYY-MM-DD` date meaning midnight UTC; years 1900 to 2099. Defaults to 30 days before `to`; must be before `to`; otherwise 400 `invalid_parameter`.",
                "schema": {
                  "type": "string",
                  "pattern": "^(?:(?:19|20)[0-9]{2}-(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8])|(?:19|20)[0-9]{2}-(?:0[13-9]|1[0-2])-(?:29|30)|(?:19|20)[0-9]{2}-(?:0[13578]|1[02])-31|(?:19(?:0[48]|[2468][048]|[13579][26])|20(?:[02468][048]|[13579][26]))-02-29)(?:[Tt](?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\\.[0-9]{1,9})?(?:[Zz]|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9]))?$"
                }
              },
              "UsageTo": {
                "name": "to",
                "in": "query",
                "required": false,
                "description": "End of the interval counted, exclusive, in recorded time. RFC 3339 timestamp with any offset (fractions finer than a microsecond are truncated), or a bare `YYYY-MM-DD` date meaning midnight UTC; years 1900 to 2099. Defaults to now; otherwise 400 `invalid_parameter`.",
                "schema": {
                  "type": "string",
                  "pattern": "^(?:(?:19|20)[0-9]{2}-(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8])|(?:19|20)[0-9]{2}-(?:0[13-9]|1[0-2])-(?:29|30)|(?:19|20)[0-9]{2}-(?:0[13578]|1[02])-31|(?:19(?:0[48]|[2468][048]|[13579][26])|20(?:[02468][048]|[13579][26]))-02-29)(?:[Tt](?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\\.[0-9]{1,9})?(?:[Zz]|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9]))?$"
                }
              },
              "EffectiveAt": {
                "name": "effective_at",
                "in": "query",
                "required": false,
                "description": "A correction: record the change as of this earlier instant (valid time) instead of now, decided against the model as it stood then with everything known now; later facts stay in force after it. Needs a non-empty `reason` and the `owner` role on the model or `admin` (403 `forbidden` otherwise, even for a caller who may make the change now); not in the future and not before the model was registered (422 `invalid_argument`). RFC 3339 timestamp with any offset (fractions finer than a microsecond are truncated), or a bare `YYYY-MM-DD` date meaning midnight UTC; years 1900 to 2099. Otherwise 400 `invalid_parameter`.",
                "schema": {
                  "type": "string",
                  "pattern": "^(?:(?:19|20)[0-9]{2}-(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8])|(?:19|20)[0-9]{2}-(?:0[13-9]|1[0-2])-(?:29|30)|(?:19|20)[0-9]{2}-(?:0[13578]|1[02])-31|(?:19(?:0[48]|[2468][048]|[13579][26])|20(?:[02468][048]|[13579][26]))-02-29)(?:[Tt](?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\\.[0-9]{1,9})?(?:[Zz]|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9]))?$"
                }
              },
              "LiveAlias": {
                "name": "alias",
                "in": "query",
                "required": false,
                "description": "The alias to report (a lowercase letter, then a-z, 0-9, `_` or `-`; at most 64; not `latest` or `v<digits>`; otherwise 400 `invalid_parameter`).",
                "schema": {
                  "type": "string",
                  "maxLength": 64,
                  "pattern": "^(?!latest$)(?!v[0-9]+$)[a-z][a-z0-9_-]*$",
                  "default": "production"
                }
              },
              "Reason": {
                "name": "reason",
                "in": "query",
                "required": false,
                "description": "Why; recorded in the event and its metadata (at most 2000 characters).",
                "schema": {
                  "type": "string",
                  "maxLength": 2000
                }
              },
              "ExpectedSHA256Query": {
                "name": "sha256",
                "in": "query",
                "required": false,
                "description": "Expected SHA-256 of the body, used when the `X-Expected-SHA256` header is absent.",
                "schema": {
                  "type": "string",
                  "pattern": "^[0-9a-f]{64}$"
                }
              },
              "ExpectedSHA256Header": {
                "name": "X-Expected-SHA256",
                "in": "header",
                "required": false,
                "description": "Expected SHA-256 of the body (64 lowercase hexadecimal characters; otherwise 400 `invalid_digest`). When the bytes hash to something else the upload is refused with 422 `digest_mismatch` and nothing is stored. Takes precedence over the `sha256` query parameter.",
                "schema": {
                  "type": "string",
                  "pattern": "^[0-9a-f]{64}$"
                }
              },
              "IdempotencyKey": {
                "name": "Idempotency-Key",
                "in": "header",
                "required": false,
                "description": "1 to 255 printable ASCII characters (otherwise 400 `invalid_idempotency_key`). The first answer (any status below 500) is stored per principal and key; repeating the same request (method, path, query and body) with the same key returns that answer again with `Idempotent-Replayed: true` and appends nothing; the same key on a different request is refused with 422 `idempotency_key_reused`. With a key, the body is limited to 1 MiB (413).",
                "schema": {
                  "type": "string",
                  "minLength": 1,
                  "maxLength": 255,
                  "pattern": "^[ -~]+$"
                }
              },
              "RequestId": {
                "name": "X-Request-Id",
                "in": "header",
                "required": false,
                "description": "Caller-chosen request id, echoed in the response and recorded in event metadata and logs. Ignored (a UUID is generated instead) unless it is 1 to 128 visible ASCII characters without spaces.",
                "schema": {
                  "type": "string"
                }
              },
              "ExportFrom": {
                "name": "from",
                "in": "query",
                "required": false,
                "description": "Where the export starts, inclusive: a ledger position (digits only; at least 1, otherwise 400 `invalid_range`) or an instant of recording (RFC 3339 timestamp with any offset (fractions finer than a microsecond are truncated), or a bare `YYYY-MM-DD` date meaning midnight UTC; years 1900 to 2099), meaning the first event recorded at or after it. Defaults to position 1; otherwise 400 `invalid_parameter`.",
                "schema": {
                  "type": "string",
                  "pattern": "^(?:0*[1-9][0-9]{0,17}|(?:(?:19|20)[0-9]{2}-(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8])|(?:19|20)[0-9]{2}-(?:0[13-9]|1[0-2])-(?:29|30)|(?:19|20)[0-9]{2}-(?:0[13578]|1[02])-31|(?:19(?:0[48]|[2468][048]|[13579][26])|20(?:[02468][048]|[13579][26]))-02-29)(?:[Tt](?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\\.[0-9]{1,9})?(?:[Zz]|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9]))?)$"
                }
              },
              "ExportTo": {
                "name": "to",
                "in": "query",
                "required": false,
                "description": "Where the export ends: a ledger position, inclusive (digits only; capped at the ledger's head), or an instant of recording, exclusive (RFC 3339 timestamp with any offset (fractions finer than a microsecond are truncated), or a bare `YYYY-MM-DD` date meaning midnight UTC; years 1900 to 2099), meaning the last event recorded before it. Defaults to the ledger's head when the export starts; otherwise 400 `invalid_parameter`.",
                "schema": {
                  "type": "string",
                  "pattern": "^(?:0*[1-9][0-9]{0,17}|(?:(?:19|20)[0-9]{2}-(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8])|(?:19|20)[0-9]{2}-(?:0[13-9]|1[0-2])-(?:29|30)|(?:19|20)[0-9]{2}-(?:0[13578]|1[02])-31|(?:19(?:0[48]|[2468][048]|[13579][26])|20(?:[02468][048]|[13579][26]))-02-29)(?:[Tt](?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\\.[0-9]{1,9})?(?:[Zz]|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9]))?)$"
                }
              },
              "PeriodFrom": {
                "name": "from",
                "in": "query",
                "required": false,
                "description": "Start of the period, inclusive. RFC 3339 timestamp with any offset (fractions finer than a microsecond are truncated), or a bare `YYYY-MM-DD` date meaning midnight UTC; years 1900 to 2099. Defaults to 30 days before `to`; must be before `to`; otherwise 400 `invalid_parameter`.",
                "schema": {
                  "type": "string",
                  "pattern": "^(?:(?:19|20)[0-9]{2}-(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8])|(?:19|20)[0-9]{2}-(?:0[13-9]|1[0-2])-(?:29|30)|(?:19|20)[0-9]{2}-(?:0[13578]|1[02])-31|(?:19(?:0[48]|[2468][048]|[13579][26])|20(?:[02468][048]|[13579][26]))-02-29)(?:[Tt](?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\\.[0-9]{1,9})?(?:[Zz]|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9]))?$"
                }
              },
              "PeriodTo": {
                "name": "to",
                "in": "query",
                "required": false,
                "description": "End of the period, exclusive. RFC 3339 timestamp with any offset (fractions finer than a microsecond are truncated), or a bare `YYYY-MM-DD` date meaning midnight UTC; years 1900 to 2099. Defaults to now; otherwise 400 `invalid_parameter`.",
                "schema": {
                  "type": "string",
                  "pattern": "^(?:(?:19|20)[0-9]{2}-(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8])|(?:19|20)[0-9]{2}-(?:0[13-9]|1[0-2])-(?:29|30)|(?:19|20)[0-9]{2}-(?:0[13578]|1[02])-31|(?:19(?:0[48]|[2468][048]|[13579][26])|20(?:[02468][048]|[13579][26]))-02-29)(?:[Tt](?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\\.[0-9]{1,9})?(?:[Zz]|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9]))?$"
                }
              }
            },
            "headers": {
              "X-Request-Id": {
                "description": "The request's id: the caller's `X-Request-Id` when it was acceptable, otherwise a generated lowercase UUID. Also recorded in event metadata and logs.",
                "schema": {
                  "type": "string",
                  "minLength": 1,
                  "maxLength": 128,
                  "pattern": "^[!-~]+$"
                }
              },
              "Idempotent-Replayed": {
                "description": "`true` when this is the stored answer to an earlier request with the same `Idempotency-Key`.",
                "schema": {
                  "type": "string",
                  "enum": [
                    "true"
                  ]
                }
              },
              "Retry-After": {
                "description": "Seconds to wait before retrying.",
                "schema": {
                  "type": "integer",
                  "minimum": 0
                }
              },
              "WWW-Authenticate": {
                "description": "`Bearer realm=\"modelreg\"`.",
                "schema": {
                  "type": "string"
                }
              }
            },
            "responses": {
              "BadRequest": {
                "description": "Malformed request: `invalid_json` (body missing, not UTF-8, not JSON, a field missing or of the wrong type), `invalid_parameter` (path or query parameter), `invalid_range` (an export's bounds), `invalid_idempotency_key`, `invalid_digest`, `invalid_input` (a text value holds a NUL, U+0000, which the registry cannot store), `bad_request`.",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/X-Request-Id"
                  }
                },
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Error"
                    }
                  }
                }
              },
              "Unauthorized": {
                "description": "`unauthenticated`: the bearer token is missing, malformed, unknown, expired or revoked.",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/X-Request-Id"
                  },
                  "WWW-Authenticate": {
                    "$ref": "#/components/headers/WWW-Authenticate"
                  }
                },
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Error"
                    }
                  }
                }
              },
              "Forbidden": {
                "description": "`forbidden` (the caller's roles do not allow this; for a model the caller can see, the message names the role needed), or a four-eyes rule (`self_approval`, `approval_required`).",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/X-Request-Id"
                  }
                },
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Error"
                    }
                  }
                }
              },
              "NotFound": {
                "description": "`model_not_found` (also for a model the caller may not see), `version_not_found`, `alias_not_found`, `grant_not_found`, `artifact_not_found`, `principal_not_found`, `token_not_found`, `event_not_found`, `prediction_not_found`.",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/X-Request-Id"
                  }
                },
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Error"
                    }
                  }
                }
              },
              "Conflict": {
                "description": "`model_already_exists`, `principal_already_exists`, `already_retracted`, `alias_moved` (an alias move with `from_version` found the alias elsewhere), `gate_failed` (a gated alias and a version whose computed metric is outside the bounds or missing), `version_conflict` (the state kept changing concurrently; retry), `idempotency_conflict`, `empty_ledger` (no event to sign a checkpoint over).",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/X-Request-Id"
                  }
                },
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Error"
                    }
                  }
                }
              },
              "PayloadTooLarge": {
                "description": "`payload_too_large` (JSON bodies are limited to 1 MiB, those of `POST /v1/models/{name}/predict` to 4 MiB, of `POST /v1/imports` to 16 MiB and of `POST /v1/models/{name}/predictions` to 32 MiB; with an `Idempotency-Key` any JSON body to 1 MiB) or `artifact_too_large`.",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/X-Request-Id"
                  }
                },
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Error"
                    }
                  }
                }
              },
              "UnprocessableContent": {
                "description": "Well-formed but refused by a rule: `invalid_argument`, `invalid_backfill`, `artifact_not_found`, `digest_mismatch`, `invalid_model` and `unsupported_term` (a `linear` artifact the registry cannot read), `invalid_input` and `not_servable` (predictions), `invalid_dataset` (an evaluation dataset the registry cannot read), `invalid_position` and `invalid_tree_size` (proofs), `idempotency_key_reused`.",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/X-Request-Id"
                  }
                },
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Error"
                    }
                  }
                }
              },
              "ServiceUnavailable": {
                "description": "`database_busy` (every database connection is taken and `--pool-queue` requests already wait, or a statement or lock wait ran past `--statement-timeout`: the registry is at capacity or the database is slow), `database_unavailable` (the database cannot be reached), `outcome_unknown` (the connection was lost while the write was committing, so it may have landed: retry with the same `Idempotency-Key`, which never writes twice, or read before retrying), `database_error` or `internal_error`. Retry after `Retry-After` seconds. No user error is ever a 5xx.",
                "headers": {
                  "X-Request-Id": {
                    "$ref": "#/components/headers/X-Request-Id"
                  },
                  "Retry-After": {
                    "$ref": "#/components/headers/Retry-After"
                  }
                },
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Error"
                    }
                  }
                }
              }
            }
          }
        }
        """#
}
